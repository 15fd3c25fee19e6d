#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file helpers for persistence; failures become 500 `SandboxError`s naming the file.
enum Posix {
    static func failure(_ operation: String, _ path: String, code: Int32 = errno) -> SandboxError {
        SandboxError.internalError("persistence: \(operation) \(path): \(String(cString: strerror(code)))")
    }

    static func openFile(_ path: String, flags: Int32, mode: mode_t = 0o644) throws(SandboxError) -> Int32 {
        while true {
            let fd = open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw failure("open", path) }
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(SandboxError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            offset += written
        }
    }

    static func sync(_ fd: Int32, path: String) throws(SandboxError) {
        #if canImport(Glibc)
        let result = fdatasync(fd)
        #else
        let result = fsync(fd)
        #endif
        if result != 0 { throw failure("fsync", path) }
    }

    static func syncDirectory(_ path: String) throws(SandboxError) {
        let fd = try openFile(path, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        if fsync(fd) != 0 { throw failure("fsync", path) }
    }

    /// The whole file, or nil when it does not exist.
    static func readFile(_ path: String) throws(SandboxError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("open", path)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read", path)
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    static func makeDirectories(_ path: String) throws(SandboxError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST { throw failure("mkdir", current) }
        }
    }

    static func fileNames(in directory: String) throws(SandboxError) -> [String] {
        guard let handle = opendir(directory) else { throw failure("opendir", directory) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func rename(_ from: String, _ to: String) throws(SandboxError) {
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        if result != 0 { throw failure("rename", from) }
    }

    static func closeFile(_ fd: Int32) {
        _ = close(fd)
    }

    static func removeFile(_ path: String) {
        _ = unlink(path)
    }

    static func truncateFile(_ path: String, length: Int) throws(SandboxError) {
        let fd = try openFile(path, flags: O_WRONLY)
        defer { close(fd) }
        if ftruncate(fd, off_t(length)) != 0 { throw failure("truncate", path) }
        if fsync(fd) != 0 { throw failure("fsync", path) }
    }
}

/// An exclusive lock on a persistence directory, so two stores never share one.
///
/// A `flock` belongs to the open file description, and a process spawned by another thread of ours
/// shares every descriptor between its fork and its exec (O_CLOEXEC closes it only at the exec): a
/// store reopened in that window would find its own released lock still held. So a busy lock is
/// tried again every 10 ms for up to `patience` before the directory counts as in use.
final class DirectoryLock {
    private var fd: Int32

    /// How long a lock held elsewhere is waited for.
    static let defaultPatience = Duration.seconds(3)

    init(directory: String, patience: Duration = DirectoryLock.defaultPatience) throws(SandboxError) {
        let path = directory + "/LOCK"
        fd = try Posix.openFile(path, flags: O_RDWR | O_CREAT)
        let clock = ContinuousClock()
        let deadline = clock.now + patience
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK, clock.now < deadline {
                usleep(10_000)
                continue
            }
            close(fd)
            fd = -1
            if code == EWOULDBLOCK {
                throw SandboxError.internalError("persistence: \(directory) is in use by another sandbox store")
            }
            throw Posix.failure("lock", path, code: code)
        }
    }

    func release() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { release() }
}
