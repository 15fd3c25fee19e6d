/// Discovery in the kubeconfig contexts: each round asks every context's API server (concurrently)
/// which runtimes and gateway replicas exist, so a rollout's new pods appear and its old ones go.
extension Poller {
    func discoverClusters() async {
        guard !sources.isEmpty else { return }
        let sources = sources
        let timeout = options.timeoutSeconds
        // A context whose API server or credential plugin hangs is given up on after this, so the
        // next round starts on time (its endpoints keep their last-known data meanwhile).
        let patience = max(10, 3 * timeout)
        await boundedForEach(sources, limit: options.concurrency, { source -> Result<ClusterDiscovery.Found, FetchFailure> in
            let answer = await abandonAfter(seconds: patience) {
                await ClusterDiscovery.discover(source, timeoutSeconds: timeout)
            }
            return answer ?? .failure(.timeout(seconds: patience))
        }, collect: { index, result in
            applyDiscovery(context: sources[index].context, result)
            publish(state)
        })
        discoverGateways()
    }

    /// Records a context's discovery: its row, and its runtime and gateway replicas (new ones added,
    /// known ones keeping their records). A replica counts as gone only when the list that would
    /// name it was read: a failed discovery or a refused list keeps the last-known endpoints, which
    /// then fail on their own, with their own reasons.
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
        func gone(_ placement: ClusterPlacement?, _ current: Set<String>, _ url: String) -> Bool {
            guard let placement, placement.context == context, found.servicesListed, !current.contains(url),
                  found.listedNamespace.map({ $0 == placement.namespace }) ?? true else { return false }
            // Its Service's pods were listed without it, or its Service is no longer there.
            return found.podsListed.contains(placement.serviceKey) || !found.servicesSeen.contains(placement.serviceKey)
        }
        let runtimeURLs = Set(found.runtimes.map(\.url))
        state.runtimes.removeAll { gone($0.placement, runtimeURLs, $0.url) }
        for runtime in found.runtimes where !state.runtimes.contains(where: { $0.url == runtime.url }) {
            state.runtimes.append(RuntimeEndpoint(url: runtime.url, placement: runtime.placement))
        }
        let gatewayURLs = Set(found.gateways.map(\.url))
        state.gateways.removeAll { gone($0.placement, gatewayURLs, $0.url) }
        for gateway in found.gateways where !state.gateways.contains(where: { $0.url == gateway.url }) {
            state.gateways.append(GatewayEndpoint(url: gateway.url, advertisedBy: [], explicit: false,
                                                  placement: gateway.placement))
        }
    }
}
