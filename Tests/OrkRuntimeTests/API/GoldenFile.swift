import Foundation
import Testing

/// Golden files under Tests/OrkRuntimeTests/Golden, read from the test bundle (`Bundle.module`).
/// `ORK_UPDATE_GOLDEN=1` rewrites them in the source tree instead of comparing; otherwise the
/// text must match byte for byte and a mismatch is reported with a line diff.
enum GoldenFile {
    static var updating: Bool { ProcessInfo.processInfo.environment["ORK_UPDATE_GOLDEN"] == "1" }

    static let sourceDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("Golden").path
    }()

    /// Compares `text` with `Golden/<relative>` (or rewrites it when updating).
    static func check(_ text: String, _ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updating {
            let path = sourceDirectory + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let base = Bundle.module.resourceURL?.appendingPathComponent("Golden").appendingPathComponent(relative),
              let golden = try? String(contentsOf: base, encoding: .utf8) else {
            Issue.record("golden file Golden/\(relative) is missing: run with ORK_UPDATE_GOLDEN=1 and review it",
                         sourceLocation: sourceLocation)
            return
        }
        if text != golden {
            Issue.record("response differs from Golden/\(relative) (ORK_UPDATE_GOLDEN=1 rewrites it):\n\(diff(golden, text))",
                         sourceLocation: sourceLocation)
        }
    }

    /// A line diff (longest common subsequence): `-` golden, `+` actual, with golden/actual line
    /// numbers and one line of context, at most 60 lines.
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // lcs[i][j]: length of the LCS of old[i...] and new[j...].
        var lcs = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        enum Line { case same(Int, Int), removed(Int), added(Int) }
        var script: [Line] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                script.append(.same(i, j)); i += 1; j += 1
            } else if i < old.count, j == new.count || lcs[i + 1][j] >= lcs[i][j + 1] {
                script.append(.removed(i)); i += 1
            } else {
                script.append(.added(j)); j += 1
            }
        }
        var changed = Set<Int>()
        for (index, line) in script.enumerated() {
            if case .same = line { continue }
            changed.formUnion([index - 1, index, index + 1])
        }
        var lines: [String] = []
        var last = -2
        for (index, line) in script.enumerated() where changed.contains(index) {
            if index != last + 1 { lines.append("@@") }
            last = index
            switch line {
            case .same(let a, _): lines.append("  \(a + 1)\t  \(old[a])")
            case .removed(let a): lines.append("- \(a + 1)\t  \(old[a])")
            case .added(let b): lines.append("+ \(b + 1)\t  \(new[b])")
            }
            if lines.count >= 60 { lines.append("…"); break }
        }
        return lines.joined(separator: "\n")
    }
}
