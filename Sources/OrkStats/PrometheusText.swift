/// Writes the Prometheus text exposition format 0.0.4: one `# HELP`/`# TYPE` header per family
/// and all of a family's samples right after it, label values and help text escaped.
public final class PrometheusText {
    public enum MetricType: String {
        case counter, gauge, histogram
    }

    /// One sample line: `<family><suffix>{labels} value`.
    public struct Sample {
        public var suffix: String = ""
        public var labels: [(String, String)]
        public var value: String

        public init(suffix: String = "", labels: [(String, String)], value: String) {
            self.suffix = suffix
            self.labels = labels
            self.value = value
        }
    }

    public init() {}

    public private(set) var text = ""

    /// Appends a whole family (a family without samples still gets its header).
    public func family(_ name: String, _ type: MetricType, help: String, _ samples: [Sample]) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n"
        text += "# TYPE \(name) \(type.rawValue)\n"
        for sample in samples {
            text += name + sample.suffix
            if !sample.labels.isEmpty {
                text += "{" + sample.labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
            }
            text += " \(sample.value)\n"
        }
    }

    /// `\` → `\\`, `"` → `\"`, newline → `\n`.
    public static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// `\` → `\\`, newline → `\n`.
    public static func escapeHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    public static func value(_ count: UInt64) -> String { String(count) }

    public static func value(_ count: Int) -> String { String(count) }

    /// Shortest round-trip text; `NaN`, `+Inf`, `-Inf` for non-finite values; integral values without `.0`.
    public static func value(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number > 0 ? "+Inf" : "-Inf" }
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// A millisecond bucket bound as exact decimal seconds (`0.1` ms → `0.0001`, `2500` → `2.5`).
    public static func seconds(fromMilliseconds bound: Double) -> String {
        guard bound.isFinite else { return bound > 0 ? "+Inf" : "-Inf" }
        let micros = (bound * 1_000).rounded()
        guard abs(micros) < 9e15 else { return value(bound / 1_000) }
        let total = Int64(micros)
        let sign = total < 0 ? "-" : ""
        let magnitude = total.magnitude
        let whole = magnitude / 1_000_000
        var fraction = String(magnitude % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
