import Foundation

/// How the API writes shared values: timestamps (RFC 3339, UTC, whole seconds), optional scalars
/// (JSON null when absent), rounded percentages and durations.
public enum APIFormat {
    /// `2026-05-29T15:05:14Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    public static func timestamp(_ date: Date?) -> JSONValue {
        date.map { .string(timestamp($0)) } ?? .null
    }

    /// Parses RFC 3339 with or without fractional seconds (Kubernetes `Time` and `MicroTime`).
    public static func parseTimestamp(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    public static func string(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    public static func int(_ value: Int?) -> JSONValue {
        value.map(JSONValue.int) ?? .null
    }

    /// A counter as a JSON integer (clamped to `Int.max`).
    public static func count(_ value: UInt64) -> JSONValue {
        .int(value > UInt64(Int.max) ? Int.max : Int(value))
    }

    /// A percentage or millisecond value rounded to 3 decimals (finite; non-finite becomes null).
    public static func number(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        return .double((value * 1_000).rounded() / 1_000)
    }

    public static func number(_ value: Double?) -> JSONValue {
        value.map(number) ?? .null
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
