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
    /// Whether each write is fsync'd before it is acknowledged (the default). Without it an acknowledged
    /// write still survives the process being killed (it is in the kernel's page cache) but not a power
    /// loss or kernel crash; writes are then limited by the CPU instead of the disk's flush latency.
    public var syncWrites: Bool

    public init(directory: String, compactionThresholdBytes: Int = 64 << 20, syncWrites: Bool = true) {
        self.directory = directory
        self.compactionThresholdBytes = max(1, compactionThresholdBytes)
        self.syncWrites = syncWrites
    }
}
