import Foundation
import Testing

/// Golden files under Tests/OrkControlTUITests/Golden. `ORK_UPDATE_GOLDEN=1` rewrites them
/// instead of comparing (review the diff before committing); otherwise the text must match.
enum GoldenFile {
    static var updating: Bool { ProcessInfo.processInfo.environment["ORK_UPDATE_GOLDEN"] == "1" }
    static let directory = TestFiles.directory.appendingPathComponent("Golden")

    static func check(_ text: String, _ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(relative)
        if updating {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden file Golden/\(relative) is missing: run with ORK_UPDATE_GOLDEN=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        guard text != golden else { return }
        let old = golden.split(separator: "\n", omittingEmptySubsequences: false)
        let new = text.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for index in 0..<max(old.count, new.count) where lines.count < 40 {
            let a = index < old.count ? String(old[index]) : "<none>"
            let b = index < new.count ? String(new[index]) : "<none>"
            if a != b { lines.append("line \(index + 1):\n- \(a)\n+ \(b)") }
        }
        let report = lines.joined(separator: "\n")
        Issue.record("rendering differs from Golden/\(relative) (ORK_UPDATE_GOLDEN=1 rewrites it):\n\(report)",
                     sourceLocation: sourceLocation)
    }
}
