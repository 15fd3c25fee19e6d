import FoundationEssentials

/// Frame timings of an interactive session, written as JSON at exit with the hidden
/// `--stats-file` (used by `scripts/bench control`).
struct FrameStats {
    var frames = 0
    var composeMs: [Double] = []
    var drawMs: [Double] = []
    var firstFullScreenMs: Double?

    mutating func record(compose: Double, draw: Double) {
        frames += 1
        composeMs.append(compose)
        drawMs.append(draw)
    }

    func json(rssKiB: Int?) -> String {
        func percentile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return 0 }
            let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
            return sorted[index]
        }
        let total = zip(composeMs, drawMs).map { $0 + $1 }
        let fields = [
            "\"frames\": \(frames)",
            "\"frameP50Ms\": \(percentile(total, 0.5))",
            "\"frameP99Ms\": \(percentile(total, 0.99))",
            "\"frameMaxMs\": \(total.max() ?? 0)",
            "\"composeP50Ms\": \(percentile(composeMs, 0.5))",
            "\"drawP50Ms\": \(percentile(drawMs, 0.5))",
            "\"rssKiB\": \(rssKiB.map(String.init) ?? "null")",
        ]
        return "{" + fields.joined(separator: ", ") + "}\n"
    }

    /// The process's resident set size from /proc/self/status.
    static func residentKiB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }
}

/// Milliseconds of a clock duration.
func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
