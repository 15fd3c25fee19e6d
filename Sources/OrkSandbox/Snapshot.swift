#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OrkValue

/// Every stored object, by storage, namespace and name.
typealias StoreContents = [String: [String: [String: StoredObject]]]

/// Writing a snapshot: every object at one resourceVersion, to `snapshot.tmp`, fsync'd, renamed to
/// `snapshot`; then the logs it covers are removed. Pure file work on copied (copy-on-write) contents,
/// so it can run off the store's actor.
struct SnapshotJob: Sendable {
    var directory: String
    var resourceVersion: Int64
    /// The first log not covered by the snapshot.
    var nextLogSequence: Int
    var contents: StoreContents

    func run() throws(SandboxError) {
        let temporary = directory + "/snapshot.tmp"
        let fd = try Posix.openFile(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC)
        var closed = false
        defer { if !closed { close(fd) } }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        let count = contents.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } }
        let header: JSONValue = ["op": "snapshot", "rv": .int(Int(resourceVersion)), "seq": .int(nextLogSequence), "count": .int(count)]
        RecordFraming.frame(Array(header.serialized().utf8), into: &buffer)
        for (storage, namespaces) in contents {
            for (namespace, objects) in namespaces {
                for (name, stored) in objects {
                    let record = LogRecord.put(storage: storage, namespace: namespace, name: name, object: stored.object)
                    RecordFraming.frame(record.payload(resourceVersion: stored.resourceVersion), into: &buffer)
                    if buffer.count >= 1 << 20 {
                        try Posix.writeAll(fd, buffer, path: temporary)
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        RecordFraming.frame(Array(#"{"op":"end"}"#.utf8), into: &buffer)
        try Posix.writeAll(fd, buffer, path: temporary)
        if fsync(fd) != 0 { throw Posix.failure("fsync", temporary) }
        close(fd)
        closed = true
        try Posix.rename(temporary, directory + "/snapshot")
        try Posix.syncDirectory(directory)
        for name in try Posix.fileNames(in: directory) {
            if let sequence = Recovery.logSequence(name), sequence < nextLogSequence {
                Posix.removeFile(directory + "/" + name)
            }
        }
    }
}
