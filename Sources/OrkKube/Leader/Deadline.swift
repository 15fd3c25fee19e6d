/// Runs `operation` in a child task, giving up after `timeout`: nil when it did not finish in
/// time (the operation is cancelled) or the caller was cancelled.
public func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}

/// Runs `operations` concurrently until the first one returns, then cancels the others and waits for them.
func untilFirst(_ operations: [@Sendable () async -> Void]) async {
    await withTaskGroup(of: Void.self) { group in
        for operation in operations { group.addTask { await operation() } }
        await group.next()
        group.cancelAll()
    }
}
