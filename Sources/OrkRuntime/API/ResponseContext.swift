import FoundationEssentials
import OrkAPI
import OrkKatalog
import OrkKube

/// What every response shares: the snapshot it was built from, the moment of the request, and
/// the `pod` and `leader` fields each body carries.
struct ResponseContext: Sendable {
    var snapshot: RuntimeSnapshot
    var now: Date

    var pod: PodRef {
        PodRef(name: snapshot.pod.name, ip: snapshot.pod.ip)
    }

    var leader: LeaderRef {
        LeaderRef(isLeader: snapshot.leader.isLeader, identity: snapshot.leader.leaderIdentity,
                  endpoint: snapshot.leader.leaderEndpoint)
    }

    /// A JSON response whose body is `body`'s fields plus `pod` and `leader`.
    func json<Body: Codable & Sendable & Equatable>(_ status: Int, _ body: Body) -> APIResponse {
        do {
            return .json(status, try DocumentEncoder.encode(Answered(body, pod: pod, leader: leader)))
        } catch {
            // Unreachable with the API's own types, whose encoding cannot fail.
            return .json(500, ["error": .string("the answer could not be encoded: \(error)")])
        }
    }

    /// `{error, pod, leader}` with `status`.
    func error(_ status: Int, _ message: String) -> APIResponse {
        json(status, ErrorBody(error: message))
    }

    func unknownCRD(_ key: String) -> APIResponse {
        error(404, "CRD \"\(key)\" is not in the Katalog")
    }
}
