import FoundationEssentials

/// How the API writes shared values: timestamps (RFC 3339, UTC, whole seconds), counters, rounded
/// percentages and durations.
public enum APIFormat {
    /// `2026-05-29T15:05:14Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    public static func timestamp(_ date: Date?) -> String? {
        date.map(timestamp)
    }

    /// Parses RFC 3339 with or without fractional seconds (Kubernetes `Time` and `MicroTime`).
    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    /// A counter as a JSON integer (clamped to `Int.max`).
    public static func count(_ value: UInt64) -> Int {
        value > UInt64(Int.max) ? Int.max : Int(value)
    }

    /// A percentage or millisecond value rounded to 3 decimals (a non-finite value stays so, and
    /// the API's encoder writes it as null).
    public static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000).rounded() / 1_000
    }

    public static func rounded(_ value: Double?) -> Double? {
        value.map(rounded)
    }

    /// Whole seconds from `start` to `now`, never negative.
    public static func seconds(from start: Date, to now: Date) -> Int {
        let interval = now.timeIntervalSince(start)
        guard interval.isFinite, interval > 0 else { return 0 }
        return interval >= Double(Int.max) ? Int.max : Int(interval)
    }

    /// A duration in (fractional) seconds.
    public static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
