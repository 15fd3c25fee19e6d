import Foundation
import OrkCore
import OrkKube

/// What every response shares: the snapshot it was built from, the moment of the request, and
/// the `pod` and `leader` fields each body carries.
struct ResponseContext: Sendable {
    var snapshot: RuntimeSnapshot
    var now: Date

    var pod: JSONValue {
        ["name": .string(snapshot.pod.name), "ip": .string(snapshot.pod.ip)]
    }

    var leader: JSONValue {
        [
            "isLeader": .bool(snapshot.leader.isLeader),
            "identity": APIFormat.string(snapshot.leader.leaderIdentity),
            "endpoint": APIFormat.string(snapshot.leader.leaderEndpoint),
        ]
    }

    /// `fields` plus `pod` and `leader`.
    func body(_ fields: [String: JSONValue]) -> JSONValue {
        var fields = fields
        fields["pod"] = pod
        fields["leader"] = leader
        return .object(fields)
    }

    /// A JSON response whose body is `fields` plus `pod` and `leader`.
    func json(_ status: Int, _ fields: [String: JSONValue]) -> APIResponse {
        .json(status, body(fields))
    }

    /// `{error, pod, leader}` with `status`.
    func error(_ status: Int, _ message: String) -> APIResponse {
        json(status, ["error": .string(message)])
    }

    func unknownCRD(_ key: String) -> APIResponse {
        error(404, "CRD \"\(key)\" is not in the Katalog")
    }
}
