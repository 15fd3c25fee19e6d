import FoundationEssentials
import OrkValue
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What e2e file discovery asks of the file system (a protocol so a test can make a directory
/// unreadable even where it runs as root).
public protocol DirectoryListing: Sendable {
    /// True for a directory (symbolic links followed), false for anything else, nil when nothing is there.
    func isDirectory(_ path: String) -> Bool?
    /// True only for a directory itself, not a symbolic link to one.
    func isRealDirectory(_ path: String) -> Bool
    func names(in directory: String) throws(DirectoryListingFailure) -> [String]
    func readText(_ path: String) -> String?
}

/// Why a directory could not be listed.
public struct DirectoryListingFailure: Error, Sendable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}

/// The real file system.
public struct FileSystemDirectories: DirectoryListing {
    public init() {}

    public func isDirectory(_ path: String) -> Bool? {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        return isDirectory
    }

    public func isRealDirectory(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    public func names(in directory: String) throws(DirectoryListingFailure) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DirectoryListingFailure(reason: Self.openFailure(directory) ?? "\(error)")
        }
    }

    /// The C library's reason a directory cannot be opened (e.g. "Permission denied"), nil if it can.
    public static func openFailure(_ directory: String) -> String? {
        guard let handle = opendir(directory) else { return String(cString: strerror(errno)) }
        closedir(handle)
        return nil
    }

    public func readText(_ path: String) -> String? {
        LocalFileSystem().readText(atPath: path)
    }
}
