/// How the poller polls: interval, per-request timeout, concurrency and the SLOW threshold.
package struct PollOptions: Sendable, Equatable {
    package var refreshSeconds: Double
    package var timeoutSeconds: Double
    /// Requests in flight at once, over all endpoints.
    package var concurrency: Int
    /// An answer slower than this is SLOW.
    package var slowMilliseconds: Double
    /// CR list pages are followed up to this many CRs.
    package var crListCap: Int
    /// Page size of CR list requests.
    package var crPageSize: Int

    package init(refreshSeconds: Double = 5, timeoutSeconds: Double = 2, concurrency: Int = 8,
                slowMilliseconds: Double? = nil, crListCap: Int = 5000, crPageSize: Int = 500) {
        self.refreshSeconds = refreshSeconds
        self.timeoutSeconds = timeoutSeconds
        self.concurrency = max(1, concurrency)
        self.slowMilliseconds = slowMilliseconds ?? min(1000, timeoutSeconds * 500)
        self.crListCap = crListCap
        self.crPageSize = crPageSize
    }
}

/// A detail document the current view needs, fetched on entering the view and on every poll.
package enum FocusRequest: Hashable, Sendable {
    case crdDetail(runtime: String, crd: String)
    /// `/katalog/{crd}/health`: 200 or 503 with the same body, both an answer.
    case crdHealth(runtime: String, crd: String)
    /// `/katalog/{crd}/cr` of `runtime`; when it shards, of each of `replicas` (its ring's polled
    /// replicas, `runtime` first) instead, merged: each replica lists only the CRs it owns.
    case crList(runtime: String, crd: String, replicas: [String] = [])
    case resourceDetail(runtime: String, crd: String, namespace: String?, name: String)
    case gatewayCRD(gateway: String, crd: String)

    /// The key of the document in `ControlState`'s dictionaries.
    package var key: String {
        switch self {
        case .crdDetail(let runtime, let crd): EndpointURL.crd(runtime, crd)
        case .crdHealth(let runtime, let crd): EndpointURL.crdHealth(runtime, crd)
        case .crList(let runtime, let crd, _): EndpointURL.crd(runtime, crd) + "/cr"
        case .resourceDetail(let runtime, let crd, let namespace, let name):
            EndpointURL.cr(runtime, crd, namespace: namespace, name: name)
        case .gatewayCRD(let gateway, let crd): EndpointURL.crd(gateway, crd)
        }
    }
}

/// What the UI asks of the poller.
package enum PollerCommand: Sendable {
    case pollNow
    case setPaused(Bool)
    case focus([FocusRequest])
}
