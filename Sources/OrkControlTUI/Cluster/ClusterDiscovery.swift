import OrkAPI
import OrkKube
import OrkValue

/// Finds the Orkestra runtimes and gateways of one kubeconfig context the way the chart labels
/// them: Services with `app.kubernetes.io/part-of=orkestra` and `app.kubernetes.io/component`
/// `runtime` or `gateway`. Each pod behind such a Service (its own selector) is polled through its
/// own pod proxy: one row per runtime replica (leader and standby or members, as `--urls` shows them; a
/// Service proxy would answer from a random replica each time) and per gateway replica. Everything
/// with the user's credentials: what RBAC refuses is reported with the right and the namespace.
package enum ClusterDiscovery {
    package static let partOf = "app.kubernetes.io/part-of=orkestra"
    static let component = "app.kubernetes.io/component"
    static let instance = "app.kubernetes.io/instance"
    /// Services and pods looked at per list (one page; beyond it the user narrows with --namespace).
    static let listLimit = 500

    /// One replica found: its pod proxy base URL and where it lives.
    package struct Endpoint: Sendable, Equatable {
        package var url: String
        package var placement: ClusterPlacement
    }

    /// What one discovery round found, and which lists it could read (only endpoints within a list
    /// that was read can be taken as gone).
    package struct Found: Sendable, Equatable {
        package var version: String?
        package var latencyMs: Double
        package var runtimes: [Endpoint] = []
        package var gateways: [Endpoint] = []
        package var problems: [String] = []
        /// The Services were listed completely (else nothing found is complete), cluster-wide
        /// (`listedNamespace` nil) or in one namespace.
        package var servicesListed = false
        package var listedNamespace: String?
        /// `namespace/service` of the runtime and gateway Services listed, and of those whose pods were listed.
        package var servicesSeen: Set<String> = []
        package var podsListed: Set<String> = []
    }

    /// The API server's version, then the Services, then each Service's pods. Fails only when the
    /// API server cannot be reached or refuses the user; a refused list is a problem (what was
    /// found elsewhere is kept).
    package static func discover(_ source: ClusterSource, timeoutSeconds: Double,
                                 clock: ContinuousClock = ContinuousClock()) async -> Result<Found, FetchFailure> {
        let start = clock.now
        let version: JSONValue
        switch await get(source, "/version", timeoutSeconds: timeoutSeconds) {
        case .success(let document): version = document
        case .failure(let failure): return .failure(failure)
        }
        var found = Found(version: version["gitVersion"]?.stringValue, latencyMs: milliseconds(clock.now - start))
        guard let services = await listServices(source, timeoutSeconds: timeoutSeconds, now: clock.now, found: &found) else {
            return .success(found)
        }
        var wanted: [(service: JSONValue, namespace: String, name: String, runtime: Bool)] = []
        for service in services {
            guard let namespace = service["metadata"]?["namespace"]?.stringValue,
                  let name = service["metadata"]?["name"]?.stringValue else { continue }
            let role = service["metadata"]?["labels"]?[component]?.stringValue
            guard role == "runtime" || role == "gateway" else { continue }
            found.servicesSeen.insert(ClusterPlacement.serviceKey(namespace: namespace, service: name))
            wanted.append((service, namespace, name, role == "runtime"))
        }
        // The pods of several Services at once: a bastion far from the API server pays one round
        // trip per batch, not per Service.
        let lists = await boundedMap(wanted.map { ($0.service, $0.namespace, $0.name) }, limit: 4) { service, namespace, name in
            await replicas(of: service, namespace: namespace, name: name, source, timeoutSeconds: timeoutSeconds)
        }
        for (entry, list) in zip(wanted, lists) {
            found.problems += list.problems
            if list.complete { found.podsListed.insert(ClusterPlacement.serviceKey(namespace: entry.namespace, service: entry.name)) }
            for replica in list.endpoints {
                if entry.runtime {
                    if !found.runtimes.contains(where: { $0.url == replica.url }) { found.runtimes.append(replica) }
                } else if !found.gateways.contains(where: { $0.url == replica.url }) {
                    found.gateways.append(replica)
                }
            }
        }
        if found.runtimes.isEmpty && found.gateways.isEmpty && found.problems.isEmpty {
            let scope = source.namespace.map { "namespace \($0) of " } ?? ""
            found.problems.append("no Orkestra runtime found in \(scope)context \(source.context) (Services labelled \(partOf), "
                                  + "\(component)=runtime)")
        }
        return .success(found)
    }

    /// Orkestra Services in every namespace the user may list: cluster-wide, else (refused, now or in
    /// the last `ClusterWideRefusal.retryAfter`) the context's namespace. Nil when no list was allowed
    /// (the problem is recorded).
    static func listServices(_ source: ClusterSource, timeoutSeconds: Double, now: ContinuousClock.Instant,
                             found: inout Found) async -> [JSONValue]? {
        let query = [("labelSelector", partOf), ("limit", "\(listLimit)")]
        if source.namespace == nil, source.clusterWideRefusal.shouldAsk(at: now) {
            switch await get(source, "/api/v1/services", query: query, timeoutSeconds: timeoutSeconds) {
            case .success(let list):
                source.clusterWideRefusal.record(false, at: now)
                let (services, complete) = items(list, "Services", problems: &found.problems)
                found.servicesListed = complete
                return services
            case .failure(.http(403, _)):
                source.clusterWideRefusal.record(true, at: now)
            case .failure(let failure):
                found.problems.append("cannot list Services: \(failure.detail)")
                return nil
            }
        }
        let namespace = source.namespace ?? source.defaultNamespace
        switch await get(source, "/api/v1/namespaces/\(KubeRequest.escape(namespace))/services", query: query, timeoutSeconds: timeoutSeconds) {
        case .success(let list):
            let (services, complete) = items(list, "Services in namespace \(namespace)", problems: &found.problems)
            found.servicesListed = complete
            found.listedNamespace = namespace
            return services
        case .failure(.http(403, _)):
            found.problems.append("forbidden: needs list on services in namespace \(namespace)"
                                  + (source.namespace == nil ? " (or cluster-wide)" : ""))
        case .failure(let failure):
            found.problems.append("cannot list Services in namespace \(namespace): \(failure.detail)")
        }
        return nil
    }

    /// A list's items, and whether that is all of them (one with more pages is said to be truncated).
    static func items(_ list: JSONValue, _ what: String, problems: inout [String]) -> (items: [JSONValue], complete: Bool) {
        if let next = list["metadata"]?["continue"]?.stringValue, !next.isEmpty {
            problems.append("more than \(listLimit) \(what): only the first \(listLimit) are shown (narrow with --namespace)")
            return (list["items"]?.arrayValue ?? [], false)
        }
        return (list["items"]?.arrayValue ?? [], true)
    }

    /// The replicas behind one Service, what went wrong, and whether its pods were listed completely.
    struct Replicas: Sendable {
        var endpoints: [Endpoint] = []
        var problems: [String] = []
        var complete = false
    }

    /// Every running pod behind a Service, each by its own pod proxy on the container port the
    /// Service's `http` port targets.
    static func replicas(of service: JSONValue, namespace: String, name: String, _ source: ClusterSource,
                         timeoutSeconds: Double) async -> Replicas {
        var result = Replicas()
        guard let selector = service["spec"]?["selector"]?.objectValue, !selector.isEmpty else {
            result.problems.append("Service \(namespace)/\(name) has no selector")
            return result
        }
        let labels = selector.keys.sorted().compactMap { key in selector[key]?.stringValue.map { "\(key)=\($0)" } }.joined(separator: ",")
        let path = "/api/v1/namespaces/\(KubeRequest.escape(namespace))/pods"
        let pods: [JSONValue]
        switch await get(source, path, query: [("labelSelector", labels), ("limit", "\(listLimit)")], timeoutSeconds: timeoutSeconds) {
        case .success(let list): (pods, result.complete) = items(list, "pods of \(namespace)/\(name)", problems: &result.problems)
        case .failure(.http(403, _)):
            result.problems.append("forbidden: needs list on pods in namespace \(namespace) (the replicas of \(name))")
            return result
        case .failure(let failure):
            result.problems.append("cannot list the pods of \(namespace)/\(name): \(failure.detail)")
            return result
        }
        guard let target = servicePort(service) else {
            result.problems.append("Service \(namespace)/\(name) has no port named http")
            return result
        }
        let release = service["metadata"]?["labels"]?[instance]?.stringValue
        for pod in pods {
            guard let podName = pod["metadata"]?["name"]?.stringValue, pod["metadata"]?["deletionTimestamp"] == nil,
                  pod["status"]?["phase"]?.stringValue == "Running", pod["status"]?["podIP"]?.stringValue != nil else { continue }
            guard let port = containerPort(pod, named: target.targetPort) else {
                result.problems.append("pod \(namespace)/\(podName) has no container port \(target.targetPort)")
                continue
            }
            result.endpoints.append(Endpoint(url: KubeProxyURL.pod(context: source.context, namespace: namespace, name: podName,
                                                                   port: port, https: target.https),
                                             placement: ClusterPlacement(context: source.context, namespace: namespace, service: name,
                                                                         pod: podName, release: release)))
        }
        return result
    }

    /// The Service port the API is on: named `http` (the chart's), else `https`.
    static func servicePort(_ service: JSONValue) -> (targetPort: String, https: Bool)? {
        let ports = service["spec"]?["ports"]?.arrayValue ?? []
        for wanted in ["http", "https"] {
            guard let port = ports.first(where: { $0["name"]?.stringValue == wanted }) else { continue }
            let target = port["targetPort"]?.stringValue ?? port["targetPort"]?.intValue.map(String.init)
                ?? port["port"]?.intValue.map(String.init) ?? wanted
            return (target, wanted == "https")
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
        case .failure(let refusal):
            return .failure(refusal.failure)
        }
    }
}
