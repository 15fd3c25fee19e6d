import OrkAPI
import OrkKube
import FoundationEssentials

/// Polls every runtime, the gateways they advertise (plus `--gateway` ones) and the detail
/// documents of the current view, concurrently and bounded, and publishes each new state.
/// A network error never stops it: it is recorded on the endpoint and in the error log, and the
/// last-known data stays.
package actor Poller {
    let fetcher: any HTTPFetcher
    /// The kubeconfig contexts whose runtimes and gateways are discovered at every round.
    let sources: [ClusterSource]
    let options: PollOptions
    let publish: @Sendable (ControlState) -> Void
    let now: @Sendable () -> Date
    package internal(set) var state: ControlState
    var focus: [FocusRequest] = []
    var focusDue = false
    var pollRequested = true
    /// Ends the loop's wait when a command arrives.
    let wakeup = Wakeup()
    /// How many times the loop has gone round (tests: it sleeps between refreshes, it does not spin).
    package private(set) var rounds = 0

    package init(runtimeURLs: [String], gatewayURLs: [String], sources: [ClusterSource] = [], fetcher: any HTTPFetcher,
                options: PollOptions, now: @escaping @Sendable () -> Date = { Date() },
                publish: @escaping @Sendable (ControlState) -> Void = { _ in }) {
        self.fetcher = fetcher
        self.sources = sources
        self.options = options
        self.now = now
        self.publish = publish
        state = ControlState(runtimeURLs: runtimeURLs, gatewayURLs: gatewayURLs)
        state.clusters = sources.map { ClusterEndpoint(context: $0.context, server: $0.server) }
    }

    /// Polls until `commands` finishes (the UI quit) or the task is cancelled.
    package func run(commands: AsyncStream<PollerCommand>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await command in commands { await self.handle(command) } }
            group.addTask { await self.loop() }
            await group.next()
            group.cancelAll()
        }
    }

    package func handle(_ command: PollerCommand) {
        defer { wakeup.signal() }
        switch command {
        case .pollNow:
            pollRequested = true
        case .setPaused(let paused):
            state.paused = paused
            publish(state)
        case .focus(let requests):
            guard requests != focus else { return }
            focus = requests
            focusDue = !requests.isEmpty
            // CR lists are the big documents (up to 5,000 CRs): keep only the focused one.
            let keep = Set(requests.map(\.key))
            state.crLists = state.crLists.filter { keep.contains($0.key) }
        }
    }

    func loop() async {
        let clock = ContinuousClock()
        var nextDue = clock.now
        while !Task.isCancelled {
            rounds += 1
            if pollRequested || (!state.paused && clock.now >= nextDue) {
                pollRequested = false
                focusDue = false
                await pollFleet()
                await pollFocus()
                nextDue = clock.now + .milliseconds(Int64(options.refreshSeconds * 1000))
            } else if focusDue {
                focusDue = false
                await pollFocus()
            } else {
                // Until the next refresh (paused: until a command), or earlier when a command arrives.
                await wakeup.wait(until: state.paused ? nil : nextDue)
            }
        }
    }

    /// One round: discovery in every context; every runtime and every gateway known so far
    /// concurrently, each result applied and published as it arrives (a slow endpoint never holds
    /// back the others' rows); then gateways the answers newly advertised.
    package func pollFleet() async {
        // Discovery in the contexts runs beside the polls of the endpoints known so far, so a slow
        // API server or credential plugin never holds back rows that can answer; what it finds new
        // is polled below with the newly advertised gateways.
        async let discovery: Void = discoverClusters()
        let fetcher = fetcher
        let timeout = options.timeoutSeconds
        let targets = state.runtimes.map { Target.runtime($0.url) } + state.gateways.map { Target.gateway($0.url) }
        let polled = Set(targets.map(\.url))
        await boundedForEach(targets, limit: options.concurrency, { target in
            switch target {
            case .runtime(let url), .gateway(let url): await fetcher.get(EndpointURL.katalog(url), timeoutSeconds: timeout)
            }
        }, collect: { index, result in
            switch targets[index] {
            case .runtime(let url): applyRuntime(url: url, result)
            case .gateway(let url): applyGateway(url: url, result)
            }
            publish(state)
        })
        await discovery
        discoverGateways()
        let discovered = state.runtimes.map { Target.runtime($0.url) }.filter { !polled.contains($0.url) }
            + state.gateways.map { Target.gateway($0.url) }.filter { !polled.contains($0.url) }
        await boundedForEach(discovered, limit: options.concurrency, { target in
            await fetcher.get(EndpointURL.katalog(target.url), timeoutSeconds: timeout)
        }, collect: { index, result in
            switch discovered[index] {
            case .runtime(let url): applyRuntime(url: url, result)
            case .gateway(let url): applyGateway(url: url, result)
            }
            publish(state)
        })
        state.lastPoll = now()
        state.polls += 1
        publish(state)
    }

    /// Fetches every focused document.
    package func pollFocus() async {
        let requests = focus
        guard !requests.isEmpty else { return }
        let fetcher = fetcher
        let options = options
        let results = await boundedMap(requests, limit: options.concurrency) { request in
            await FocusFetch.fetch(request, fetcher: fetcher, options: options)
        }
        for (request, result) in zip(requests, results) { applyFocus(request, result) }
        publish(state)
    }

    /// Focus for tests and `--once`.
    package func setFocus(_ requests: [FocusRequest]) { focus = requests }

    func applyRuntime(url: String, _ result: Result<FetchResponse, FetchFailure>) {
        guard let index = state.runtimes.firstIndex(where: { $0.url == url }) else { return }
        let time = now()
        switch result.flatMap({ response in
            DecodeFailure.document(RuntimeKatalog.self, from: response.body).map { ($0.value, $0.json, response.latencyMs) }
        }) {
        case .success(let (katalog, json, latency)):
            let (health, reason) = HealthRules.runtime(katalog, latencyMs: latency, slowMs: options.slowMilliseconds)
            state.runtimes[index].katalog = katalog
            state.runtimes[index].katalogJSON = json
            state.runtimes[index].health.recordSuccess(at: time, latencyMs: latency, state: health, reason: reason)
        case .failure(let failure):
            state.runtimes[index].health.recordFailure(at: time, failure)
            log(url: url, failure, attempt: state.runtimes[index].health.failures)
        }
    }

    func applyGateway(url: String, _ result: Result<FetchResponse, FetchFailure>) {
        guard let index = state.gateways.firstIndex(where: { $0.url == url }) else { return }
        let time = now()
        switch result.flatMap({ response in
            DecodeFailure.document(GatewayFleet.self, from: response.body).map { ($0.value, $0.json, response.latencyMs) }
        }) {
        case .success(let (fleet, json, latency)):
            let (health, reason) = HealthRules.gateway(fleet, latencyMs: latency, slowMs: options.slowMilliseconds)
            state.gateways[index].fleet = fleet
            state.gateways[index].fleetJSON = json
            state.gateways[index].health.recordSuccess(at: time, latencyMs: latency, state: health, reason: reason)
        case .failure(let failure):
            state.gateways[index].health.recordFailure(at: time, failure)
            log(url: url, failure, attempt: state.gateways[index].health.failures)
        }
    }

    /// Rebuilds the gateway list: `--gateway` ones, those the runtimes' last-known answers
    /// advertise, and the replicas found in contexts (attached to the runtimes of their context,
    /// namespace and Helm release: the gatewayEndpoint a runtime in a cluster advertises is an
    /// in-cluster URL),
    /// keeping each gateway's record.
    func discoverGateways() {
        var advertised: [(url: String, by: String)] = []
        for runtime in state.runtimes where runtime.context == nil {
            guard let endpoint = runtime.katalog?.gatewayEndpoint, !endpoint.isEmpty else { continue }
            guard let url = try? EndpointURL.normalize(endpoint) else {
                log(url: runtime.url, .invalidBody("gatewayEndpoint \"\(endpoint)\" is not an http(s) URL"), attempt: 1)
                continue
            }
            advertised.append((url, runtime.url))
        }
        var gateways: [GatewayEndpoint] = []
        for var gateway in state.gateways {
            if let placement = gateway.placement {
                gateway.advertisedBy = state.runtimes.filter { $0.placement.map(placement.sameRelease) ?? false }.map(\.url)
                gateways.append(gateway)
                continue
            }
            gateway.advertisedBy = advertised.filter { $0.url == gateway.url }.map(\.by)
            if gateway.explicit || !gateway.advertisedBy.isEmpty { gateways.append(gateway) }
        }
        for entry in advertised where !gateways.contains(where: { $0.url == entry.url }) {
            gateways.append(GatewayEndpoint(url: entry.url, advertisedBy: advertised.filter { $0.url == entry.url }.map(\.by),
                                            explicit: false))
        }
        state.gateways = gateways
    }

    func applyFocus(_ request: FocusRequest, _ result: FocusFetch.Outcome) {
        let time = now()
        switch result {
        case .crdDetail(let value): state.crdDetails[request.key, default: Loaded()].update(value, at: time)
        case .crdHealth(let value): state.crdHealth[request.key, default: Loaded()].update(value, at: time)
        case .crList(let value, _): state.crLists[request.key, default: Loaded()].update(value, at: time)
        case .resourceDetail(let detail, let events):
            state.resourceDetails[request.key, default: Loaded()].update(detail, at: time)
            state.crEvents[request.key, default: Loaded()].update(events, at: time)
        case .gatewayCRD(let value): state.gatewayCRDs[request.key, default: Loaded()].update(value, at: time)
        }
        for (url, failure) in result.failures(key: request.key) { log(url: url, failure, attempt: 1) }
    }

    func log(url: String, _ failure: FetchFailure, attempt: Int) {
        state.logError(ErrorRecord(time: now(), url: url, reason: failure.reason, detail: failure.detail, attempt: attempt))
    }
}

extension Loaded {
    mutating func update(_ result: Result<Value, FetchFailure>, at time: Date) {
        switch result {
        case .success(let value):
            self.value = value
            fetchedAt = time
            error = nil
            errorAt = nil
        case .failure(let failure):
            error = failure.detail
            errorAt = time
        }
    }
}

/// An endpoint a poll round asks for its `/katalog`.
enum Target: Sendable {
    case runtime(String), gateway(String)

    var url: String {
        switch self {
        case .runtime(let url), .gateway(let url): url
        }
    }
}
