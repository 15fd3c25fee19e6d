/// A token bucket: `qps` tokens per second, at most `burst` saved up. `acquire()` waits for a token.
actor RateLimiter {
    private let qps: Double
    private let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(qps: Double, burst: Int) {
        self.qps = max(qps, 0.001)
        self.burst = Double(max(burst, 1))
        self.tokens = Double(max(burst, 1))
        self.last = clock.now
    }

    /// Takes one token, sleeping until one is available. Cancellation ends the wait with an error.
    func acquire() async throws(KubeError) {
        refill()
        tokens -= 1
        guard tokens < 0 else { return }
        // Reserve the token now; sleep until it would have accrued.
        let wait = Duration.seconds(-tokens / qps)
        do {
            try await clock.sleep(for: wait)
        } catch {
            tokens += 1
            throw KubeError(kind: .transport, message: "cancelled while waiting for the client rate limit")
        }
    }

    private func refill() {
        let now = clock.now
        let elapsed = now - last
        last = now
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * qps)
    }
}
