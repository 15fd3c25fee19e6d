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
}
