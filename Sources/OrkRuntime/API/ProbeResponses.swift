import OrkAPI
import OrkStats

/// `/healthz` `/livez` `/health` (alive while serving), `/readyz` `/ready` and `/startup` (200
/// once start-up finished, else 503). Bodies are small: status, pod, leader, uptime, start time.
enum ProbeResponses {
    static func liveness(_ context: ResponseContext) -> APIResponse {
        probe(context, status: 200, text: "ok")
    }

    static func readiness(_ context: ResponseContext) -> APIResponse {
        let ready = context.snapshot.ready
        return probe(context, status: ready ? 200 : 503, text: ready ? "ready" : "not ready")
    }

    static func startup(_ context: ResponseContext) -> APIResponse {
        let ready = context.snapshot.ready
        return probe(context, status: ready ? 200 : 503, text: ready ? "started" : "starting")
    }

    private static func probe(_ context: ResponseContext, status: Int, text: String) -> APIResponse {
        context.json(status, ProbeStatus(status: text,
                                         uptimeSeconds: APIFormat.seconds(from: context.snapshot.startedAt, to: context.now),
                                         startedAt: APIFormat.timestamp(context.snapshot.startedAt)))
    }
}
