/// Where and how a store persists its objects: a directory holding a snapshot and append-only logs.
///
/// Every acknowledged write is appended to the current log and fsync'd before the call returns. On
/// start the snapshot is loaded and the logs replayed; a torn or corrupt last record (a crash in the
/// middle of a write) is dropped. When the log grows past `compactionThresholdBytes` a new snapshot is
/// written in the background (to a temporary file, fsync'd, renamed into place) and older logs removed.
public struct SandboxPersistence: Sendable, Hashable {
    public var directory: String
    /// Log size that triggers a background compaction (default 64 MiB).
    public var compactionThresholdBytes: Int

    public init(directory: String, compactionThresholdBytes: Int = 64 << 20) {
        self.directory = directory
        self.compactionThresholdBytes = max(1, compactionThresholdBytes)
    }
}
