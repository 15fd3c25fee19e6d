import FoundationEssentials
import OrkAPI
import OrkStats
import OrkValue

/// A Kubernetes `v1` Event as the API's event: `{type, reason, message, source, object
/// ("Kind/name"), count, firstSeen, lastSeen}` with RFC 3339 times (whole seconds, UTC).
///
/// `lastSeen` is `lastTimestamp`, else `series.lastObservedTime`, else `eventTime`, else
/// `metadata.creationTimestamp`; `firstSeen` is `firstTimestamp`, else `eventTime`, else
/// `metadata.creationTimestamp`; `source` is `source.component`, else `reportingComponent`;
/// `count` is `count`, else `series.count`, else 1.
enum EventJSON {
    static func event(_ event: JSONValue) -> ResourceEvents.Event {
        let kind = event.value(atDotted: "involvedObject.kind")?.stringValue ?? ""
        let name = event.value(atDotted: "involvedObject.name")?.stringValue ?? ""
        let source = nonEmpty(event.value(atDotted: "source.component")?.stringValue)
            ?? nonEmpty(event["reportingComponent"]?.stringValue)
        let count = event["count"]?.intValue ?? event.value(atDotted: "series.count")?.intValue ?? 1
        return ResourceEvents.Event(type: event["type"]?.stringValue, reason: event["reason"]?.stringValue,
                                    message: event["message"]?.stringValue, source: source, object: "\(kind)/\(name)",
                                    count: count, firstSeen: APIFormat.timestamp(firstSeen(event)),
                                    lastSeen: APIFormat.timestamp(lastSeen(event)))
    }

    /// Events mapped, newest `lastSeen` first (undated last; ties by name).
    static func newestFirst(_ events: [JSONValue]) -> [ResourceEvents.Event] {
        let dated = events.map { (date: lastSeen($0), name: ObjectFields.name($0), event: $0) }
        return dated.sorted { lhs, rhs in
            switch (lhs.date, rhs.date) {
            case let (l?, r?) where l != r: return l > r
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.name < rhs.name
            }
        }.map { event($0.event) }
    }

    static func lastSeen(_ event: JSONValue) -> Date? {
        date(event, ["lastTimestamp", "series.lastObservedTime", "eventTime", "metadata.creationTimestamp"])
    }

    static func firstSeen(_ event: JSONValue) -> Date? {
        date(event, ["firstTimestamp", "eventTime", "metadata.creationTimestamp"])
    }

    private static func date(_ event: JSONValue, _ paths: [String]) -> Date? {
        for path in paths {
            if let text = event.value(atDotted: path)?.stringValue, let date = APIFormat.parseTimestamp(text) { return date }
        }
        return nil
    }

    private static func nonEmpty(_ text: String?) -> String? {
        text.flatMap { $0.isEmpty ? nil : $0 }
    }
}
