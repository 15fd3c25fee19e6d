/// Discovery in the kubeconfig contexts: each round asks every context's API server (concurrently)
/// which runtimes and gateway replicas exist, so a rollout's new pods appear and its old ones go.
extension Poller {
    func discoverClusters() async {
        guard !sources.isEmpty else { return }
        let sources = sources
        let timeout = options.timeoutSeconds
        await boundedForEach(sources, limit: options.concurrency, { source in
            await ClusterDiscovery.discover(source, timeoutSeconds: timeout)
        }, collect: { index, result in
            applyDiscovery(context: sources[index].context, result)
            publish(state)
        })
        discoverGateways()
    }

    /// Records a context's discovery: its row, and its runtimes and replicas (the ones that are
    /// gone dropped, new ones added, known ones keeping their records). A failed discovery keeps
    /// the last-known endpoints: they fail on their own, with their own reasons.
    func applyDiscovery(context: String, _ result: Result<ClusterDiscovery.Found, FetchFailure>) {
        guard let index = state.clusters.firstIndex(where: { $0.context == context }) else { return }
        let time = now()
        let found: ClusterDiscovery.Found
        switch result {
        case .failure(let failure):
            state.clusters[index].health.recordFailure(at: time, failure)
            log(url: "context " + context, failure, attempt: state.clusters[index].health.failures)
            return
        case .success(let value):
            found = value
        }
        state.clusters[index].version = found.version
        state.clusters[index].runtimes = found.runtimes.count
        state.clusters[index].gateways = found.gateways.count
        state.clusters[index].problems = found.problems
        state.clusters[index].health.recordSuccess(at: time, latencyMs: found.latencyMs, state: found.problems.isEmpty ? .ok : .degraded,
                                                   reason: found.problems.first)
        let runtimeURLs = Set(found.runtimes.map(\.url))
        state.runtimes.removeAll { $0.context == context && !runtimeURLs.contains($0.url) }
        for runtime in found.runtimes where !state.runtimes.contains(where: { $0.url == runtime.url }) {
            state.runtimes.append(RuntimeEndpoint(url: runtime.url, context: context, namespace: runtime.namespace))
        }
        let gatewayURLs = Set(found.gateways.map(\.url))
        state.gateways.removeAll { $0.context == context && !gatewayURLs.contains($0.url) }
        for gateway in found.gateways where !state.gateways.contains(where: { $0.url == gateway.url }) {
            state.gateways.append(GatewayEndpoint(url: gateway.url, advertisedBy: [], explicit: false, context: context,
                                                  namespace: gateway.namespace, pod: gateway.name))
        }
    }
}
