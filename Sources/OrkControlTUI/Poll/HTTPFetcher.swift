/// A successful answer: status 2xx, the body, and how long the request took.
package struct FetchResponse: Sendable, Equatable {
    package var status: Int
    package var body: [UInt8]
    package var latencyMs: Double

    package init(status: Int, body: [UInt8], latencyMs: Double) {
        self.status = status
        self.body = body
        self.latencyMs = latencyMs
    }
}

/// GETs a URL with a timeout. The poller's only view of the network, so tests substitute it.
package protocol HTTPFetcher: Sendable {
    /// Never throws: every failure is classified. A non-2xx status is `.http`.
    func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure>
    /// Like ``get(_:timeoutSeconds:)``, but an answer with one of `statuses` (a health probe's 503)
    /// is a response too, with its body.
    func get(_ url: String, timeoutSeconds: Double, alsoAccepting statuses: Set<Int>) async -> Result<FetchResponse, FetchFailure>
}

extension HTTPFetcher {
    package func get(_ url: String, timeoutSeconds: Double, alsoAccepting statuses: Set<Int>) async
        -> Result<FetchResponse, FetchFailure>
    {
        await get(url, timeoutSeconds: timeoutSeconds)
    }
}
