/// A successful answer: status 2xx, the body, and how long the request took.
public struct FetchResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    public var latencyMs: Double

    public init(status: Int, body: [UInt8], latencyMs: Double) {
        self.status = status
        self.body = body
        self.latencyMs = latencyMs
    }
}

/// GETs a URL with a timeout. The poller's only view of the network, so tests substitute it.
public protocol HTTPFetcher: Sendable {
    /// Never throws: every failure is classified. A non-2xx status is `.http`.
    func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure>
}
