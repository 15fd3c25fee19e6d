/// Changing what an informer selects while it runs (a shard member whose buckets changed): the
/// watch in progress ends, the informer lists with the new label selector and publishes the
/// difference (objects no longer selected as deleted, newly selected ones as added), then watches
/// from that list. The store is never emptied in between.
extension Informer {
    struct Selection: Sendable {
        /// The selector the next list uses.
        var wanted: String?
        /// Raised by every `reselect`.
        var generation = 0
        /// The selector and generation of the last completed list (the watch uses that selector).
        var listedSelector: String?
        var listedGeneration = -1
        /// `reselect` callers waiting for a list at their generation, by that generation.
        var waiters: [(generation: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        /// The watch waiting to be interrupted by the next `reselect`.
        var interrupt: CheckedContinuation<Void, Never>?
        var ended = false

        init(wanted: String?) {
            self.wanted = wanted
            self.listedSelector = wanted
        }

        /// Records a completed list; the waiters it satisfies.
        mutating func listed(_ selector: String?, generation: Int) -> [CheckedContinuation<Bool, Never>] {
            listedSelector = selector
            listedGeneration = generation
            let done = waiters.filter { $0.generation <= generation }.map(\.continuation)
            waiters.removeAll { $0.generation <= generation }
            return done
        }
    }

    /// The label selector the informer lists and watches with from its next list on.
    public var labelSelector: String? { state.withLock { $0.selection.wanted } }

    /// Lists and watches with `labelSelector` from now on, and returns once a list with it was
    /// stored (its difference published): true then, false if the informer stopped first. Returns
    /// at once when the selector is already the one wanted and listed. Only while the informer runs
    /// (or will): use `select` before.
    @discardableResult
    public func reselect(labelSelector: String?) async -> Bool {
        guard let ticket = select(labelSelector: labelSelector) else { return state.withLock { !$0.selection.ended } }
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = state.withLock { state -> Bool? in
                if state.selection.ended { return false }
                if state.selection.listedGeneration >= ticket { return true }
                state.selection.waiters.append((ticket, continuation))
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Lists and watches with `labelSelector` from the next list on (ending the watch in progress),
    /// without waiting for it; the generation a `reselect` would wait for, nil when nothing is to wait for.
    @discardableResult
    public func select(labelSelector: String?) -> Int? {
        let (ticket, interrupt) = state.withLock { state -> (Int?, CheckedContinuation<Void, Never>?) in
            if state.selection.ended { return (nil, nil) }
            if state.selection.wanted == labelSelector {
                return state.selection.listedGeneration == state.selection.generation ? (nil, nil)
                    : (state.selection.generation, nil)
            }
            state.selection.wanted = labelSelector
            state.selection.generation += 1
            defer { state.selection.interrupt = nil }
            return (state.selection.generation, state.selection.interrupt)
        }
        interrupt?.resume()
        return ticket
    }

    /// One watch, ended early by a `reselect` after the last list: whether it was healthy
    /// (`watchOnce`), or nil when a new selector is wanted.
    func watchUntilReselected() async throws(KubeError) -> Bool? {
        let outcome = await withTaskGroup(of: Result<Bool, KubeError>?.self) { group in
            group.addTask {
                do throws(KubeError) {
                    return .success(try await self.watchOnce())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await self.waitForReselect()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else { return Task.isCancelled ? false : nil }
        return try outcome.get()
    }

    /// Returns once the wanted selector differs from the listed one, or on cancellation.
    private func waitForReselect() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.selection.generation > state.selection.listedGeneration || Task.isCancelled { return true }
                    state.selection.interrupt = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in
                defer { state.selection.interrupt = nil }
                return state.selection.interrupt
            }?.resume()
        }
    }

    /// The informer stopped: `reselect` callers get false.
    func endSelection() {
        let waiters = state.withLock { state in
            state.selection.ended = true
            defer { state.selection.waiters = [] }
            return state.selection.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(returning: false) }
    }
}
