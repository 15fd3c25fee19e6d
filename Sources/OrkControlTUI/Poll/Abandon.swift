import Synchronization

/// Runs `operation` and answers with its result, or with nil once `seconds` have passed, without
/// waiting for it to finish (it is cancelled and left to end on its own). A task group would wait
/// for its child; this does not, so something that ignores cancellation (a credential plugin that
/// hangs until its own limit) cannot hold the caller past the deadline.
package func abandonAfter<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async -> T) async -> T? {
    let outcome = FirstAnswer<T?>()
    return await withCheckedContinuation { continuation in
        outcome.set(continuation)
        let work = Task {
            outcome.answer(await operation())
        }
        Task {
            try? await Task.sleep(for: .milliseconds(Int64(max(1, min(seconds, 86_400) * 1000))))
            if outcome.answer(nil) { work.cancel() }
        }
    }
}

/// Resumes a continuation with the first answer given; later ones are dropped.
final class FirstAnswer<T: Sendable>: Sendable {
    private let state = Mutex<(continuation: CheckedContinuation<T, Never>?, answered: Bool)>((nil, false))

    func set(_ continuation: CheckedContinuation<T, Never>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Whether this was the first answer.
    @discardableResult
    func answer(_ value: T) -> Bool {
        let continuation = state.withLock { state -> CheckedContinuation<T, Never>? in
            guard !state.answered else { return nil }
            state.answered = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: value)
        return continuation != nil
    }
}
