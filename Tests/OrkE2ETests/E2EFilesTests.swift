import Foundation
import OrkE2E
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ork e2e DIR/...` discovery: every e2e file at any depth, sorted; a directory that cannot be read
/// is an error naming it (before, one unreadable subdirectory emptied the whole listing).
struct E2EFilesTests {
    /// The real file system, except that `unreadable` cannot be listed (as root, chmod cannot do that).
    struct OneUnreadableDirectory: DirectoryListing {
        var unreadable: String
        let real = FileSystemDirectories()

        func isDirectory(_ path: String) -> Bool? { real.isDirectory(path) }
        func isRealDirectory(_ path: String) -> Bool { real.isRealDirectory(path) }
        func readText(_ path: String) -> String? { real.readText(path) }
        func names(in directory: String) throws(DirectoryListingFailure) -> [String] {
            if directory == unreadable { throw DirectoryListingFailure(reason: "Permission denied") }
            return try real.names(in: directory)
        }
    }

    /// root/a/e2e.yaml and root/b/sub/deep.yml (kind: E2E), root/b/other.yaml (not), root/loop -> root.
    func tree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ork-e2e-files-\(UUID().uuidString)").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(root)/a", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: "\(root)/b/sub", withIntermediateDirectories: true)
        try "kind: E2E\n".write(toFile: "\(root)/a/e2e.yaml", atomically: true, encoding: .utf8)
        try "kind: E2E\n".write(toFile: "\(root)/b/sub/deep.yml", atomically: true, encoding: .utf8)
        try "kind: Katalog\n".write(toFile: "\(root)/b/other.yaml", atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: "\(root)/loop", withDestinationPath: root)
        return root
    }

    @Test func aRecursivePathFindsEveryE2EFileAndDoesNotFollowLinks() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = try E2EFiles.find(files: [], paths: ["\(root)/..."])
        #expect(found == ["\(root)/a/e2e.yaml", "\(root)/b/sub/deep.yml"])
    }

    @Test func anUnreadableSubdirectoryIsReportedByName() throws {
        let root = try tree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do throws(E2EFiles.NotFound) {
            let found = try E2EFiles.find(files: [], paths: ["\(root)/..."], directories: OneUnreadableDirectory(unreadable: "\(root)/b/sub"))
            Issue.record("an unreadable directory must not be skipped: \(found)")
        } catch {
            #expect(error.description == "cannot read directory \(root)/b/sub (looking for e2e files in \(root)/...): Permission denied")
        }
    }

    @Test func theRealReasonIsGivenWhenTheFileSystemRefuses() throws {
        // As root every directory is readable; then only the reason's wording can be checked.
        let root = try tree()
        defer {
            chmod("\(root)/b", 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }
        chmod("\(root)/b", 0)
        guard geteuid() != 0 else {
            #expect(FileSystemDirectories.openFailure("\(root)/missing") == "No such file or directory")
            return
        }
        do throws(E2EFiles.NotFound) {
            let found = try E2EFiles.find(files: [], paths: ["\(root)/..."])
            Issue.record("an unreadable directory must not be skipped: \(found)")
        } catch {
            #expect(error.description == "cannot read directory \(root)/b (looking for e2e files in \(root)/...): Permission denied")
        }
    }
}
