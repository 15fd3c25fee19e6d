/// Log compaction: a new snapshot of everything, after which the logs it covers are removed.
extension SandboxEngine {
    /// Starts the next log and returns the snapshot job covering everything before it, when the log has
    /// outgrown its threshold (or `force`) and no other compaction is running.
    func takeCompactionJob(force: Bool = false) throws(SandboxError) -> SnapshotJob? {
        guard let log, !log.isClosed, !compactionRunning, force || log.bytes >= log.settings.compactionThresholdBytes else { return nil }
        let next = try log.rotate()
        compactionRunning = true
        return SnapshotJob(directory: log.settings.directory, resourceVersion: resourceVersion, nextLogSequence: next,
                           contents: tables.mapValues(\.contents))
    }

    func compactionFinished(_ error: SandboxError?) {
        compactionRunning = false
        if let error { lastBackgroundError = error }
    }
}
