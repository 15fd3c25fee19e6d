#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The current append-only log file: one framed record per write, fsync'd before the write is acknowledged.
final class PersistentLog {
    let settings: SandboxPersistence
    private let lock: DirectoryLock
    private(set) var sequence: Int
    private var fd: Int32 = -1
    private(set) var bytes = 0
    private var buffer: [UInt8] = []
    private(set) var isClosed = false

    static func fileName(sequence: Int) -> String {
        let digits = String(sequence)
        return "log." + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    var path: String { settings.directory + "/" + PersistentLog.fileName(sequence: sequence) }

    init(_ settings: SandboxPersistence, lock: DirectoryLock, sequence: Int) throws(SandboxError) {
        self.settings = settings
        self.lock = lock
        self.sequence = sequence
        try openCurrent()
    }

    private func openCurrent() throws(SandboxError) {
        fd = try Posix.openFile(path, flags: O_WRONLY | O_CREAT | O_APPEND)
        bytes = 0
        try Posix.syncDirectory(settings.directory)
    }

    func append(_ record: LogRecord, resourceVersion: Int64) throws(SandboxError) {
        guard !isClosed, fd >= 0 else { throw SandboxError.internalError("persistence: the store is closed") }
        buffer.removeAll(keepingCapacity: true)
        let payload = record.payload(resourceVersion: resourceVersion)
        guard payload.count < Int(UInt32.max) else { throw SandboxError.internalError("persistence: a record of \(payload.count) bytes is too large") }
        RecordFraming.frame(payload, into: &buffer)
        try Posix.writeAll(fd, buffer, path: path)
        if settings.syncWrites { try Posix.sync(fd, path: path) }
        bytes += buffer.count
    }

    /// Starts the next log file; returns the sequence the new file has.
    func rotate() throws(SandboxError) -> Int {
        guard !isClosed else { throw SandboxError.internalError("persistence: the store is closed") }
        if fd >= 0 { Posix.closeFile(fd) }
        sequence += 1
        try openCurrent()
        return sequence
    }

    func close() {
        if fd >= 0 { Posix.closeFile(fd) }
        fd = -1
        isClosed = true
        lock.release()
    }

    deinit { close() }
}
