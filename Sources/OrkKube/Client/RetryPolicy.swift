/// When and how long to wait before retrying a failed request: idempotent verbs retry 429, 5xx,
/// timeouts and transport errors; others only 429 (the server did not process it). Backoff is
/// exponential with full jitter, and a server's Retry-After is honoured.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The longest server-requested wait (`Retry-After`) honoured; a longer one is cut to this.
    public static let maxRetryAfter = Duration.seconds(60)

    /// No retries (tests of error paths).
    public static let none = RetryPolicy(maxAttempts: 1)

    static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]

    /// The delay before attempt `attempt + 1`, or nil to give up.
    func delay(after error: KubeError, attempt: Int, method: String, isApply: Bool) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let idempotent = Self.idempotentMethods.contains(method) || isApply
        let retryable = error.kind == .tooManyRequests || (idempotent && error.isTransient)
        guard retryable else { return nil }
        if let retryAfter = error.retryAfter { return min(retryAfter, Self.maxRetryAfter) }
        let exponent = min(attempt - 1, 20)
        let ceiling = min(baseDelay * (1 << exponent), maxDelay)
        let nanos = Self.nanoseconds(ceiling)
        return .nanoseconds(Int64.random(in: (nanos / 2)...max(nanos, 1)))
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return min(seconds, 1_000_000) * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
