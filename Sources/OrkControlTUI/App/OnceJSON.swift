import FoundationEssentials
import OrkValue

/// `--once --format json`: the whole polled state as one JSON document (schema in
/// docs/control.md): each runtime and gateway with its state, reason, timings and its last
/// answer exactly as sent, and the error log.
package enum OnceJSON {
    package static let schema = "orkestra.control/v1"

    /// The document as text. Strings keep every character, but the ones a terminal would act on
    /// or hide (DEL, C1 controls, bidi and zero-width characters, line separators) are written
    /// as `\uXXXX` escapes: `cat`-ing the output cannot reorder or hide text, and a JSON parser
    /// reads the same strings.
    package static func render(_ state: ControlState, now: Date) -> String {
        escapingInvisibles(document(state, now: now).prettyPrinted()) + "\n"
    }

    /// JSON text with invisible and control characters escaped. Outside strings JSON text is
    /// ASCII, so every such character is inside a string, where an escape means the same.
    static func escapingInvisibles(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard needsEscape(scalar) else {
                result.append(scalar)
                continue
            }
            var units = Array(String(scalar).utf16)
            if units.isEmpty { units = [0xFFFD] }
            for unit in units {
                let hex = String(unit, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            }
        }
        return String(result)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x7F else { return false }
        if scalar.value <= 0x9F || scalar.value == 0x2028 || scalar.value == 0x2029 { return true }
        return scalar.properties.generalCategory == .format
    }

    package static func document(_ state: ControlState, now: Date) -> JSONValue {
        .object([
            "schema": .string(schema),
            "generatedAt": timestamp(now),
            "clusters": .array(state.clusters.map { cluster in
                var fields = health(cluster.health)
                fields["context"] = .string(cluster.context)
                fields["server"] = .string(cluster.server)
                fields["version"] = cluster.version.map(JSONValue.string) ?? .null
                fields["runtimes"] = .int(cluster.runtimes)
                fields["gateways"] = .int(cluster.gateways)
                fields["problems"] = .array(cluster.problems.map(JSONValue.string))
                return .object(fields)
            }),
            "runtimes": .array(state.runtimes.map { runtime in
                var fields = health(runtime.health)
                fields["url"] = .string(runtime.url)
                fields.merge(placement(runtime.placement)) { $1 }
                fields["role"] = runtime.katalog.map { .string(ReplicaRole($0).rawValue) } ?? .null
                fields["gateway"] = state.gateway(of: runtime.url).map { .string($0.url) } ?? .null
                fields["katalog"] = runtime.katalogJSON ?? .null
                return .object(fields)
            }),
            "gateways": .array(state.gateways.map { gateway in
                var fields = health(gateway.health)
                fields["url"] = .string(gateway.url)
                fields.merge(placement(gateway.placement)) { $1 }
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

    /// Where a replica found in a context lives; every key null for `--urls` and `--gateway` endpoints.
    static func placement(_ placement: ClusterPlacement?) -> [String: JSONValue] {
        [
            "context": placement.map { .string($0.context) } ?? .null,
            "namespace": placement.map { .string($0.namespace) } ?? .null,
            "service": placement.map { .string($0.service) } ?? .null,
            "pod": placement.map { .string($0.pod) } ?? .null,
        ]
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
