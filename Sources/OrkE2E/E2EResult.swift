import OrkKatalog
import OrkValue

/// How one test went.
public struct E2ETestResult: Sendable, Hashable {
    public var suite: String
    public var test: String
    public var file: String
    /// Seconds it took (0 when skipped).
    public var seconds: Double
    public var outcome: Outcome

    public enum Outcome: Sendable, Hashable {
        case passed
        case skipped(reason: String)
        case failed(E2EFailure)
    }

    public var failed: Bool { if case .failed = outcome { return true } else { return false } }

    public init(suite: String, test: String, file: String, seconds: Double, outcome: Outcome) {
        self.suite = suite
        self.test = test
        self.file = file
        self.seconds = seconds
        self.outcome = outcome
    }
}

/// The step that failed, what it expected and what it saw.
public struct E2EFailure: Sendable, Hashable, CustomStringConvertible {
    public var step: Int
    public var verb: String
    public var position: SourcePosition?
    public var expected: String
    public var seen: String

    public init(step: Int, verb: String, position: SourcePosition?, expected: String, seen: String) {
        self.step = step
        self.verb = verb
        self.position = position
        self.expected = expected
        self.seen = seen
    }

    public var description: String {
        "step \(step) (\(verb)\(position.map { ", \($0)" } ?? "")): expected \(expected); saw \(seen)"
    }
}

/// The terminal text and the JUnit XML report of a run.
public enum E2EReport {
    public static func line(_ result: E2ETestResult) -> String {
        let name = "\(result.suite) / \(result.test)"
        switch result.outcome {
        case .passed: return "✓ \(name) (\(format(result.seconds)) s)"
        case .skipped(let reason): return "- \(name) (skipped: \(reason))"
        case .failed(let failure): return "✗ \(name) (\(format(result.seconds)) s)\n    \(failure)"
        }
    }

    public static func summary(_ results: [E2ETestResult]) -> String {
        let failed = results.filter(\.failed).count
        let skipped = results.filter { if case .skipped = $0.outcome { return true } else { return false } }.count
        let passed = results.count - failed - skipped
        return "\(failed == 0 ? "passed" : "FAILED"): \(passed) passed, \(failed) failed, \(skipped) skipped"
    }

    static func format(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// JUnit XML (the Ant/Jenkins/GitLab form): one `<testsuite>` per e2e file.
    public static func junit(_ results: [E2ETestResult]) -> String {
        var suites: [(String, [E2ETestResult])] = []
        for result in results {
            if let index = suites.firstIndex(where: { $0.0 == result.suite }) {
                suites[index].1.append(result)
            } else {
                suites.append((result.suite, [result]))
            }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites tests=\"\(results.count)\" failures=\"\(results.filter(\.failed).count)\">\n"
        for (name, tests) in suites {
            let failures = tests.filter(\.failed).count
            let skipped = tests.filter { if case .skipped = $0.outcome { return true } else { return false } }.count
            let time = tests.reduce(0) { $0 + $1.seconds }
            out += "  <testsuite name=\"\(xml(name))\" tests=\"\(tests.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" "
                + "time=\"\(format(time))\" file=\"\(xml(tests.first?.file ?? ""))\">\n"
            for test in tests {
                out += "    <testcase classname=\"\(xml(name))\" name=\"\(xml(test.test))\" time=\"\(format(test.seconds))\""
                switch test.outcome {
                case .passed:
                    out += "/>\n"
                case .skipped(let reason):
                    out += ">\n      <skipped message=\"\(xml(reason))\"/>\n    </testcase>\n"
                case .failed(let failure):
                    out += ">\n      <failure message=\"\(xml("step \(failure.step) (\(failure.verb)): expected \(failure.expected)"))\">"
                        + xml(failure.description) + "</failure>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text safe in XML attributes and content; characters XML 1.0 cannot hold become U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
