/// The lifecycle an informer and a lease elector share: each runs once, either in a task it owns
/// (`start()`, ended by `stop()`) or in the caller's task (`run()`, ended by cancelling that task).
/// Kept inside its owner's `Mutex`, so a phase change and the owner's other state change together.
struct RunOnce: Sendable {
    enum Phase: Sendable { case idle, running, stopped }

    private(set) var phase = Phase.idle
    /// The task `start` spawned, if it did.
    private(set) var task: Task<Void, Never>?

    /// Runs `body` in an owned task, unless the run already began (or ended).
    mutating func start(_ body: @escaping @Sendable () async -> Void) {
        guard phase == .idle, task == nil else { return }
        task = Task { await body() }
    }

    /// Marks the run begun; false when it already began or ended (the caller then returns at once).
    mutating func begin() -> Bool {
        guard phase == .idle else { return false }
        phase = .running
        return true
    }

    /// Marks the run ended: it never begins again.
    mutating func finish() {
        phase = .stopped
    }

    var hasEnded: Bool { phase == .stopped }
}
