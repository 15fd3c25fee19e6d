
/// A duration written the Go way (`15s`, `1m30s`, `500ms`, `2h`), kept in milliseconds.
public struct KatalogDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func seconds(_ s: Int64) -> KatalogDuration { .init(milliseconds: s * 1000) }
    public static func minutes(_ m: Int64) -> KatalogDuration { .init(milliseconds: m * 60_000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (lhs: KatalogDuration, rhs: KatalogDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Parses `1h2m3s`, `250ms`, `1.5s`, `90s`, `0`. Units: ns, us, µs, ms, s, m, h. Nil when malformed,
    /// negative or longer than 100 days.
    public init?(parsing text: String) {
        guard let total = Self.milliseconds(parsing: text), total <= 100 * 86_400_000 else { return nil }
        self.milliseconds = Int64(total.rounded())
    }

    /// Milliseconds of a sum of number-unit terms (`1h2m3s`, `250ms`, `0`); with `longUnits`, `d`
    /// (days) and `y` (365 days) too, as certificate lifetimes are written. Nil when malformed or
    /// negative.
    public static func milliseconds(parsing text: String, longUnits: Bool = false) -> Double? {
        let trimmed = text.trimmingWhitespace()
        if trimmed == "0" { return 0 }
        var total = 0.0
        var rest = Substring(trimmed)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let factor: Double
            switch unit {
            case "ns": factor = 1e-6
            case "us", "µs": factor = 1e-3
            case "ms": factor = 1
            case "s": factor = 1000
            case "m": factor = 60_000
            case "h": factor = 3_600_000
            case "d" where longUnits: factor = 86_400_000
            case "y" where longUnits: factor = 365 * 86_400_000
            default: return nil
            }
            total += value * factor
        }
        guard total.isFinite, total >= 0 else { return nil }
        return total
    }

    /// The canonical short form: `15s`, `1m30s`, `250ms`, `2h`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        if milliseconds % 1000 != 0 && milliseconds < 1000 { return "\(milliseconds)ms" }
        var ms = milliseconds
        var text = ""
        let hours = ms / 3_600_000
        ms %= 3_600_000
        let minutes = ms / 60_000
        ms %= 60_000
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if ms > 0 {
            if ms % 1000 == 0 {
                text += "\(ms / 1000)s"
            } else {
                text += "\(Double(ms) / 1000)s"
            }
        }
        return text
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
