/// Runs a live read (child tree, events) against the API server with a deadline, so a slow or
/// unreachable API server makes the HTTP answer fail fast instead of hanging.
enum LiveRead {
    /// The value, or the error's description (`timed out after …` when the deadline passed first).
    static func run<T: Sendable>(timeout: Duration,
                                 _ body: @escaping @Sendable () async throws -> T) async -> Result<T, LiveReadFailure> {
        await withTaskGroup(of: Result<T, LiveReadFailure>?.self) { group in
            group.addTask {
                do {
                    return .success(try await body())
                } catch {
                    return .failure(LiveReadFailure(message: "\(error)"))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return nil
                }
                return .failure(LiveReadFailure(message: "timed out after \(timeout)"))
            }
            var outcome: Result<T, LiveReadFailure> = .failure(LiveReadFailure(message: "cancelled"))
            for await result in group {
                guard let result else { continue }
                outcome = result
                group.cancelAll()
                break
            }
            return outcome
        }
    }
}

/// Why a live read failed, as text for the response body.
struct LiveReadFailure: Error, Sendable, Hashable {
    var message: String
}
