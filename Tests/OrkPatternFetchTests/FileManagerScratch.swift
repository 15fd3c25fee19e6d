import Foundation

/// A fresh temporary directory for files a test writes.
struct FileManagerScratch: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "ork-pattern-fetch-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}
