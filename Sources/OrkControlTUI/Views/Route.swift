/// Where the user is: one level of the drill-down, the Errors view or help.
package enum Route: Sendable, Hashable {
    case controlCenter
    case controlPanel(runtime: String)
    case crdDetail(runtime: String, crd: String)
    case resources(runtime: String, crd: String)
    case resourceDetail(runtime: String, crd: String, namespace: String?, name: String)
    case errors
    case help

    /// The documents this view needs besides the fleet poll.
    package func focus(in state: ControlState) -> [FocusRequest] {
        switch self {
        case .controlCenter, .controlPanel, .errors, .help:
            return []
        case .crdDetail(let runtime, let crd):
            var requests: [FocusRequest] = [.crdDetail(runtime: runtime, crd: crd), .crdHealth(runtime: runtime, crd: crd)]
            if let gateway = state.gateway(of: runtime) { requests.append(.gatewayCRD(gateway: gateway.url, crd: crd)) }
            return requests
        case .resources(let runtime, let crd):
            return [.crList(runtime: runtime, crd: crd, replicas: ShardLines.listReplicas(of: runtime, in: state))]
        case .resourceDetail(let runtime, let crd, let namespace, let name):
            return [.resourceDetail(runtime: runtime, crd: crd, namespace: namespace, name: name)]
        }
    }

    /// The route Enter opens from this one, given the selected row's key and, when another endpoint
    /// answered it (a CR another replica of a sharded runtime listed), that endpoint's URL.
    package func drill(key: String?, source: String? = nil) -> Route? {
        switch self {
        case .controlCenter:
            return key.map { .controlPanel(runtime: $0) }
        case .controlPanel(let runtime):
            return key.map { .crdDetail(runtime: runtime, crd: $0) }
        case .crdDetail(let runtime, let crd):
            return .resources(runtime: runtime, crd: crd)
        case .resources(let runtime, let crd):
            guard let key, let (namespace, name) = Route.splitCRKey(key) else { return nil }
            return .resourceDetail(runtime: source ?? runtime, crd: crd, namespace: namespace, name: name)
        case .resourceDetail, .errors, .help:
            return nil
        }
    }

    /// `namespace/name`, or `/name` for a cluster-scoped CR (neither part can contain `/`).
    package static func crKey(namespace: String?, name: String) -> String { (namespace ?? "") + "/" + name }

    static func splitCRKey(_ key: String) -> (String?, String)? {
        guard let slash = key.firstIndex(of: "/") else { return nil }
        let namespace = String(key[..<slash])
        let name = String(key[key.index(after: slash)...])
        guard !name.isEmpty else { return nil }
        return (namespace.isEmpty ? nil : namespace, name)
    }
}
