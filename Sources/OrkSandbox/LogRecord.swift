#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrkCore

/// One persisted write: an object stored or removed, with the resourceVersion of the write.
enum LogRecord: Equatable {
    case put(storage: String, namespace: String, name: String, object: JSONValue)
    case delete(storage: String, namespace: String, name: String)

    /// The JSON payload of the record.
    func payload(resourceVersion: Int64) -> [UInt8] {
        let json: JSONValue
        switch self {
        case .put(let storage, let namespace, let name, let object):
            json = ["op": "put", "rv": .int(Int(resourceVersion)), "s": .string(storage), "ns": .string(namespace),
                    "n": .string(name), "o": object]
        case .delete(let storage, let namespace, let name):
            json = ["op": "del", "rv": .int(Int(resourceVersion)), "s": .string(storage), "ns": .string(namespace),
                    "n": .string(name)]
        }
        return Array(json.serialized().utf8)
    }

    /// Decodes a payload; nil when it is not a record.
    static func decode(_ payload: ArraySlice<UInt8>) -> (record: LogRecord, resourceVersion: Int64)? {
        guard let json = try? JSONValue.parse(bytes: payload, maxDepth: 1024),
              let op = json["op"]?.stringValue, let rv = json["rv"]?.intValue,
              let storage = json["s"]?.stringValue, let namespace = json["ns"]?.stringValue, let name = json["n"]?.stringValue else {
            return nil
        }
        switch op {
        case "put":
            guard let object = json["o"] else { return nil }
            return (.put(storage: storage, namespace: namespace, name: name, object: object), Int64(rv))
        case "del":
            return (.delete(storage: storage, namespace: namespace, name: name), Int64(rv))
        default:
            return nil
        }
    }
}

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
