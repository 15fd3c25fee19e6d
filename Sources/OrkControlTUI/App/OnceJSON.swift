import Foundation
import OrkCore

/// `--once --format json`: the whole polled state as one JSON document (schema in
/// docs/control.md): each runtime and gateway with its state, reason, timings and its last
/// answer exactly as sent, and the error log.
public enum OnceJSON {
    public static let schema = "orkestra.control/v1"

    public static func render(_ state: ControlState, now: Date) -> String {
        document(state, now: now).prettyPrinted() + "\n"
    }

    public static func document(_ state: ControlState, now: Date) -> JSONValue {
        .object([
            "schema": .string(schema),
            "generatedAt": timestamp(now),
            "runtimes": .array(state.runtimes.map { runtime in
                var fields = health(runtime.health)
                fields["url"] = .string(runtime.url)
                fields["role"] = runtime.katalog.map { .string($0.leader.isLeader ? "leader" : "standby") } ?? .null
                fields["gateway"] = state.gateway(of: runtime.url).map { .string($0.url) } ?? .null
                fields["katalog"] = runtime.katalogJSON ?? .null
                return .object(fields)
            }),
            "gateways": .array(state.gateways.map { gateway in
                var fields = health(gateway.health)
                fields["url"] = .string(gateway.url)
                fields["advertisedBy"] = .array(gateway.advertisedBy.map(JSONValue.string))
                fields["explicit"] = .bool(gateway.explicit)
                fields["fleet"] = gateway.fleetJSON ?? .null
                return .object(fields)
            }),
            "errors": .array(state.errors.map { record in
                .object([
                    "time": timestamp(record.time), "url": .string(record.url), "reason": .string(record.reason),
                    "detail": .string(record.detail), "attempt": .int(record.attempt),
                ])
            }),
        ])
    }

    static func health(_ health: EndpointHealth) -> [String: JSONValue] {
        [
            "state": .string(health.state.rawValue),
            "reason": health.reason.map(JSONValue.string) ?? .null,
            "detail": health.detail.map(JSONValue.string) ?? .null,
            "latencyMs": health.latencyMs.map { .double(($0 * 1000).rounded() / 1000) } ?? .null,
            "lastAttempt": health.lastAttempt.map(timestamp) ?? .null,
            "lastSuccess": health.lastSuccess.map(timestamp) ?? .null,
            "failures": .int(health.failures),
        ]
    }

    static func timestamp(_ date: Date) -> JSONValue {
        .string(date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted)))
    }
}
