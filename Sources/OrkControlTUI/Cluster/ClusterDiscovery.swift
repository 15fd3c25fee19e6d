import OrkAPI
import OrkKube
import OrkValue

/// Finds the Orkestra runtimes and gateways of one kubeconfig context the way the chart labels
/// them: Services with `app.kubernetes.io/part-of=orkestra` and `app.kubernetes.io/component`
/// `runtime` or `gateway`; each runtime Service is polled through the service proxy, each pod
/// behind a gateway Service (its own selector) through its own pod proxy. Everything with the
/// user's credentials: what RBAC refuses is reported with the right and the namespace it needs.
package enum ClusterDiscovery {
    package static let partOf = "app.kubernetes.io/part-of=orkestra"
    static let component = "app.kubernetes.io/component"
    /// Services and pods looked at per context (a list page; beyond it the user narrows with --namespace).
    static let listLimit = 500

    /// One endpoint found: its proxy base URL and where it lives.
    package struct Endpoint: Sendable, Equatable {
        package var url: String
        package var namespace: String
        /// The Service (runtime) or pod (gateway replica).
        package var name: String
        /// The gateway Service a replica belongs to (nil for runtimes).
        package var service: String?

        package init(url: String, namespace: String, name: String, service: String? = nil) {
            self.url = url
            self.namespace = namespace
            self.name = name
            self.service = service
        }
    }

    /// What one discovery round found.
    package struct Found: Sendable, Equatable {
        package var version: String?
        package var latencyMs: Double
        package var runtimes: [Endpoint] = []
        package var gateways: [Endpoint] = []
        package var problems: [String] = []
    }

    /// The API server's version, then the Services, then each gateway Service's pods. Fails only
    /// when the API server cannot be reached or refuses the user; a refused list is a problem
    /// (what was found elsewhere is kept).
    package static func discover(_ source: ClusterSource, timeoutSeconds: Double,
                                 clock: ContinuousClock = ContinuousClock()) async -> Result<Found, FetchFailure> {
        let start = clock.now
        let version: JSONValue
        switch await get(source, "/version", timeoutSeconds: timeoutSeconds) {
        case .success(let document): version = document
        case .failure(let failure): return .failure(failure)
        }
        let elapsed = clock.now - start
        var found = Found(version: version["gitVersion"]?.stringValue,
                          latencyMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        guard let services = await listServices(source, timeoutSeconds: timeoutSeconds, found: &found) else { return .success(found) }
        for service in services {
            guard let namespace = service["metadata"]?["namespace"]?.stringValue,
                  let name = service["metadata"]?["name"]?.stringValue else { continue }
            switch service["metadata"]?["labels"]?[component]?.stringValue {
            case "runtime":
                guard let port = servicePort(service) else {
                    found.problems.append("runtime Service \(namespace)/\(name) has no port named http")
                    continue
                }
                found.runtimes.append(Endpoint(url: KubeProxyURL.service(context: source.context, namespace: namespace, name: name,
                                                                          port: port.name, https: port.https),
                                               namespace: namespace, name: name))
            case "gateway":
                await addReplicas(of: service, namespace: namespace, name: name, source, timeoutSeconds: timeoutSeconds, found: &found)
            default:
                continue
            }
        }
        if found.runtimes.isEmpty && found.problems.isEmpty {
            let scope = source.namespace.map { "namespace \($0) of " } ?? ""
            found.problems.append("no Orkestra runtime found in \(scope)context \(source.context) (Services labelled \(partOf), "
                                  + "\(component)=runtime)")
        }
        return .success(found)
    }

    /// Orkestra Services in every namespace the user may list: cluster-wide, else (refused) the
    /// context's namespace. Nil when no list was allowed (the problem is recorded).
    static func listServices(_ source: ClusterSource, timeoutSeconds: Double, found: inout Found) async -> [JSONValue]? {
        let query = [("labelSelector", partOf), ("limit", "\(listLimit)")]
        if source.namespace == nil {
            switch await get(source, "/api/v1/services", query: query, timeoutSeconds: timeoutSeconds) {
            case .success(let list): return list["items"]?.arrayValue ?? []
            case .failure(.http(403, _)): break
            case .failure(let failure):
                found.problems.append("cannot list Services: \(failure.detail)")
                return nil
            }
        }
        let namespace = source.namespace ?? source.defaultNamespace
        switch await get(source, "/api/v1/namespaces/\(KubeRequest.escape(namespace))/services", query: query, timeoutSeconds: timeoutSeconds) {
        case .success(let list): return list["items"]?.arrayValue ?? []
        case .failure(.http(403, _)):
            found.problems.append("forbidden: needs list on services in namespace \(namespace)"
                                  + (source.namespace == nil ? " (or cluster-wide)" : ""))
        case .failure(let failure):
            found.problems.append("cannot list Services in namespace \(namespace): \(failure.detail)")
        }
        return nil
    }

    /// Every running pod behind a gateway Service, each by its own pod proxy on the container
    /// port the Service's `http` port targets.
    static func addReplicas(of service: JSONValue, namespace: String, name: String, _ source: ClusterSource,
                            timeoutSeconds: Double, found: inout Found) async {
        guard let selector = service["spec"]?["selector"]?.objectValue, !selector.isEmpty else {
            found.problems.append("gateway Service \(namespace)/\(name) has no selector")
            return
        }
        let labels = selector.keys.sorted().compactMap { key in selector[key]?.stringValue.map { "\(key)=\($0)" } }.joined(separator: ",")
        let path = "/api/v1/namespaces/\(KubeRequest.escape(namespace))/pods"
        let pods: [JSONValue]
        switch await get(source, path, query: [("labelSelector", labels), ("limit", "\(listLimit)")], timeoutSeconds: timeoutSeconds) {
        case .success(let list): pods = list["items"]?.arrayValue ?? []
        case .failure(.http(403, _)):
            found.problems.append("forbidden: needs list on pods in namespace \(namespace) (gateway replicas of \(name))")
            return
        case .failure(let failure):
            found.problems.append("cannot list the pods of gateway \(namespace)/\(name): \(failure.detail)")
            return
        }
        let target = servicePort(service)
        for pod in pods {
            guard let podName = pod["metadata"]?["name"]?.stringValue, pod["metadata"]?["deletionTimestamp"] == nil,
                  pod["status"]?["phase"]?.stringValue == "Running", pod["status"]?["podIP"]?.stringValue != nil else { continue }
            guard let port = containerPort(pod, named: target?.targetPort ?? "http") else {
                found.problems.append("gateway pod \(namespace)/\(podName) has no container port \(target?.targetPort ?? "http")")
                continue
            }
            found.gateways.append(Endpoint(url: KubeProxyURL.pod(context: source.context, namespace: namespace, name: podName,
                                                                  port: port, https: target?.https ?? false),
                                           namespace: namespace, name: podName, service: name))
        }
    }

    /// The Service port the API is on: named `http` (the chart's), else `https`.
    static func servicePort(_ service: JSONValue) -> (name: String, targetPort: String, https: Bool)? {
        let ports = service["spec"]?["ports"]?.arrayValue ?? []
        for wanted in ["http", "https"] {
            guard let port = ports.first(where: { $0["name"]?.stringValue == wanted }) else { continue }
            let target = port["targetPort"]?.stringValue ?? port["targetPort"]?.intValue.map(String.init) ?? wanted
            return (wanted, target, wanted == "https")
        }
        return nil
    }

    /// The number of the pod's container port named `name` (a number is taken as it is).
    static func containerPort(_ pod: JSONValue, named name: String) -> String? {
        if let number = Int(name), (1...65535).contains(number) { return name }
        for container in pod["spec"]?["containers"]?.arrayValue ?? [] {
            for port in container["ports"]?.arrayValue ?? [] where port["name"]?.stringValue == name {
                if let number = port["containerPort"]?.intValue, (1...65535).contains(number) { return String(number) }
            }
        }
        return nil
    }

    /// One GET to the context's API server, decoded; the failure classified like any endpoint's.
    static func get(_ source: ClusterSource, _ path: String, query: [(String, String)] = [],
                    timeoutSeconds: Double) async -> Result<JSONValue, FetchFailure> {
        switch await ProxyFetcher.send(KubeRequest(method: "GET", path: path, query: query), to: source.transport,
                                       timeoutSeconds: timeoutSeconds, alsoAccepting: []) {
        case .success(let response):
            guard let document = try? JSONValue.parse(bytes: response.body, maxDepth: DecodeFailure.maximumDepth) else {
                return .failure(.invalidBody("\(path) of context \(source.context) did not answer JSON"))
            }
            return .success(document)
        case .failure(let failure):
            return .failure(failure)
        }
    }
}
