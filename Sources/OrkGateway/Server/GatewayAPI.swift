import FoundationEssentials
import OrkAPI
import OrkKatalog
import OrkValue
import Synchronization

/// One HTTP answer of the gateway.
public struct GatewayAnswer: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: String
    /// Seconds for a `Retry-After` header (a 429 or 503 the caller should retry later).
    public var retryAfter: Int? = nil

    static func json(_ status: Int, _ value: JSONValue) -> GatewayAnswer {
        GatewayAnswer(status: status, contentType: "application/json", body: value.prettyPrinted() + "\n")
    }

    /// A fleet or CRD document, which carries its own `pod` and `leader`.
    static func document<Body: Encodable>(_ body: Body) -> GatewayAnswer {
        do {
            return json(200, try DocumentEncoder.encode(body))
        } catch {
            return json(500, ["error": .string("the answer could not be encoded: \(error)")])
        }
    }

    /// `body`'s fields plus the answering `pod` and `leader: null`.
    static func json<Body: Codable & Sendable & Equatable>(_ status: Int, _ body: Body, pod: PodRef) -> GatewayAnswer {
        do {
            return json(status, try DocumentEncoder.encode(Answered(body, pod: pod, leader: nil)))
        } catch {
            // Unreachable with the API's own types, whose encoding cannot fail.
            return json(500, ["error": .string("the answer could not be encoded: \(error)")])
        }
    }
}

/// Routes the gateway's requests, without any HTTP server: the plain port (probes, fleet view,
/// metrics) and the webhook port (`/validate`, `/mutate`, `/convert`, `/deletion-protection`,
/// `/namespace-protection`).
public final class GatewayAPI: Sendable {
    public let fleet: FleetView
    public let admission: AdmissionWebhooks
    public let conversion: ConversionWebhook
    public let protection: DeletionProtectionWebhook
    public let namespaces: NamespaceProtectionWebhook
    /// Delivers `POST /notify`; nil answers 404 (no teams in the Katalog).
    public let notifier: Notifier?
    /// Who may `POST /notify`; nil refuses every caller (401).
    public let notifyAuthenticator: NotifyAuthenticator?
    private let ready = Mutex(false)

    public init(fleet: FleetView, notifier: Notifier? = nil, notifyAuthenticator: NotifyAuthenticator? = nil) {
        self.fleet = fleet
        self.notifier = notifier
        self.notifyAuthenticator = notifyAuthenticator
        self.admission = AdmissionWebhooks(index: fleet.index, stats: fleet.stats)
        self.conversion = ConversionWebhook(index: fleet.index, stats: fleet.stats)
        self.protection = DeletionProtectionWebhook(index: fleet.index, stats: fleet.stats, strictMode: fleet.features.strictMode)
        self.namespaces = NamespaceProtectionWebhook(index: fleet.index, stats: fleet.stats)
    }

    /// Readiness: set once the webhook server serves with a certificate.
    public func setReady(_ value: Bool) { ready.withLock { $0 = value } }
    public var isReady: Bool { ready.withLock { $0 } }

    func error(_ status: Int, _ message: String) -> GatewayAnswer {
        .json(status, ErrorBody(error: message), pod: fleet.podRef)
    }

    /// The plain-HTTP port. `authorization` is the request's `Authorization` header (for `/notify`).
    public func respond(method: String, path: String, query: String, body: [UInt8] = [], authorization: String? = nil) async
        -> GatewayAnswer
    {
        let segments = path.split(separator: "/").map { $0.removingPercentEscapes ?? String($0) }
        switch (method, segments.first ?? "") {
        case ("GET", "healthz"), ("GET", "livez"), ("GET", "health"):
            return .json(200, GatewayProbe(status: "ok"), pod: fleet.podRef)
        case ("GET", "readyz"), ("GET", "ready"), ("GET", "startup"):
            let ok = isReady
            return .json(ok ? 200 : 503, GatewayProbe(status: ok ? "ok" : "starting"), pod: fleet.podRef)
        case ("GET", "metrics") where segments.count == 1:
            return GatewayAnswer(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                 body: fleet.stats.metrics.exposition(katalog: fleet.index.katalog.metadata.name, pod: fleet.pod.name))
        case ("POST", "notify") where segments.count == 1:
            return await notify(body, authorization: authorization)
        case ("GET", "katalog"):
            let scope = Self.queryValue("scope", in: query) == "pod" ? "pod" : "fleet"
            if segments.count == 1 {
                return .document(scope == "pod" ? fleet.podDocument() : await fleet.fleetDocument())
            }
            if segments.count == 2 {
                guard let row = await fleet.crdDocument(segments[1], scope: scope) else {
                    return error(404, "CRD \"\(segments[1])\" is not in the Katalog")
                }
                return .document(row)
            }
            return error(404, "no such path: \(path)")
        case (_, "healthz"), (_, "livez"), (_, "health"), (_, "readyz"), (_, "ready"), (_, "startup"), (_, "metrics"), (_, "katalog"), (_, "notify"):
            return error(405, "method \(method) is not allowed on \(path) (GET)")
        default:
            return error(404, "no such path: \(path)")
        }
    }

    /// `POST /notify`: 401 without a valid bearer token, 403 for a caller not on the allow-list,
    /// 503 when the token cannot be reviewed; then 202 when queued (or throttled), 400 for a bad
    /// body or unknown team, 413 for a field over its cap, 429 with `Retry-After` when the queue's
    /// budget is spent, 404 when the Katalog declares no teams.
    func notify(_ body: [UInt8], authorization: String?) async -> GatewayAnswer {
        guard let notifier else { return error(404, "the Katalog declares no notification teams (spec.notification.teams)") }
        guard let notifyAuthenticator else {
            return error(401, "POST /notify is not open to anyone here: the gateway has no way to authenticate callers")
        }
        switch await notifyAuthenticator.decide(authorization: authorization) {
        case .allowed:
            break
        case .forbidden(let username):
            return error(403, "\(username) may not post notifications (allowed: \(notifyAuthenticator.allowedUsers.sorted().joined(separator: ", ")))")
        case .unauthenticated(let reason):
            return error(401, reason)
        case .unavailable(let reason):
            var answer = error(503, reason)
            answer.retryAfter = 5
            return answer
        case .busy:
            var answer = error(429, "too many notification callers are being authenticated at once; try again shortly")
            answer.retryAfter = 1
            return answer
        }
        guard body.count <= notifier.limits.bodyBytes else {
            return error(413, "the notification is \(body.count) bytes; at most \(notifier.limits.bodyBytes) are read (message ≤ \(notifier.limits.messageBytes) bytes)")
        }
        let event: NotificationEvent
        do {
            event = try NotificationEvent(json: try JSONValue.parse(bytes: body), limits: notifier.limits)
        } catch let failure as NotifyRejection {
            return error(failure.status, failure.message)
        } catch {
            return self.error(400, "the body is not JSON: \(error)")
        }
        switch notifier.submit(event) {
        case .accepted(let queued, let throttled):
            return .json(202, NotifyReceipt(queued: queued, throttled: throttled), pod: fleet.podRef)
        case .unknownTeams(let teams):
            let known = notifier.settings.teams.keys.sorted().joined(separator: ", ")
            return error(400, "unknown team(s) \(teams.joined(separator: ", ")); the Katalog declares: \(known)")
        case .tooLarge(let reason):
            return error(413, reason)
        case .queueFull:
            var answer = error(429, "the notification queue is full; try again later")
            answer.retryAfter = notifier.limits.retryAfterSeconds
            return answer
        }
    }

    /// The HTTPS webhook port.
    public func webhook(method: String, path: String, body: [UInt8]) -> GatewayAnswer {
        let route = path.split(separator: "/").first.map(String.init) ?? ""
        guard ["validate", "mutate", "convert", "deletion-protection", "namespace-protection"].contains(route) else {
            return error(404, "no such webhook: \(path)")
        }
        guard method == "POST" else { return error(405, "webhooks answer POST, not \(method)") }
        let review: JSONValue
        do {
            review = try JSONValue.parse(bytes: body, budget: GatewayLimits.reviewBudget)
        } catch {
            guard error.isOverBudget else { return self.error(400, "the body is not JSON: \(error)") }
            return self.error(413, "the review is larger than the gateway parses: \(error.message) (byte \(error.offset))")
        }
        do {
            switch route {
            case "convert":
                return .json(200, try conversion.review(review))
            default:
                let request = try AdmissionRequest(review: review)
                let response: AdmissionResponse
                switch route {
                case "validate": response = admission.validate(request)
                case "mutate": response = admission.mutate(request)
                case "namespace-protection": response = namespaces.review(request)
                default: response = protection.review(request)
                }
                return .json(200, response.review(for: request))
            }
        } catch {
            return self.error(400, error.message)
        }
    }

    static func queryValue(_ name: String, in query: String) -> String? {
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name { return parts.count > 1 ? String(parts[1]) : "" }
        }
        return nil
    }
}
