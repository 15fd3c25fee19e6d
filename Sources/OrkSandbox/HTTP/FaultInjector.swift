import HTTPTypes
import Hummingbird
import NIOCore
import OrkValue

/// Misbehaviour on demand, for tests: added latency, error answers by verb and resource (a rate or a
/// count), dropped watches, a 410 for the next watch, refused connections for a while. Driven from
/// code or over HTTP at `/_sandbox/faults` (GET shows, POST sets, DELETE clears).
public actor FaultInjector {
    /// Answers requests matching `verb`/`resource` (nil matches all) with `code`, for a fraction
    /// `rate` of them, at most `count` times when given.
    public struct ErrorRule: Sendable, Hashable {
        public var verb: String?
        public var resource: String?
        public var code: Int
        public var rate: Double
        public var count: Int?
        /// Sent as `Retry-After` (and `details.retryAfterSeconds`), as the real server does with 429s.
        public var retryAfterSeconds: Int?

        public init(verb: String? = nil, resource: String? = nil, code: Int, rate: Double = 1, count: Int? = nil,
                    retryAfterSeconds: Int? = nil) {
            self.verb = verb
            self.resource = resource
            self.code = code
            self.rate = rate
            self.count = count
            self.retryAfterSeconds = retryAfterSeconds
        }
    }

    public private(set) var latency: Duration = .zero
    public private(set) var rules: [ErrorRule] = []
    public private(set) var nextWatchGone = false
    var refuser: (@Sendable (Duration) async -> Void)?
    /// The bearer token `/_sandbox/faults` requires (the sandbox writes it into its kubeconfig).
    public nonisolated let token: String

    public init() { token = SandboxToken.random() }

    public func setLatency(_ latency: Duration) { self.latency = max(latency, .zero) }
    public func add(_ rule: ErrorRule) { rules.append(rule) }
    public func failNextWatchWithGone() { nextWatchGone = true }
    public func clear() {
        latency = .zero
        rules = []
        nextWatchGone = false
    }

    func setRefuser(_ refuser: @escaping @Sendable (Duration) async -> Void) { self.refuser = refuser }

    /// Refuses new connections for `duration` (the listener closes and comes back on the same port).
    public func refuseConnections(for duration: Duration) async {
        await refuser?(duration)
    }

    /// The verb Kubernetes would name this request by.
    static func verb(method: String, route: SandboxRoute, isWatch: Bool) -> String {
        guard case .resource(let path) = route else { return "get" }
        switch method {
        case "GET": return isWatch ? "watch" : (path.name == nil ? "list" : "get")
        case "POST": return "create"
        case "PUT": return "update"
        case "PATCH": return "patch"
        case "DELETE": return "delete"
        default: return method.lowercased()
        }
    }

    /// Applies latency and returns the injected error for this request, if any.
    func intercept(method: String, route: SandboxRoute, isWatch: Bool) async -> SandboxError? {
        if latency > .zero { try? await Task.sleep(for: latency) }
        let verb = Self.verb(method: method, route: route, isWatch: isWatch)
        var plural: String?
        if case .resource(let path) = route { plural = path.plural }
        if isWatch, nextWatchGone {
            nextWatchGone = false
            return SandboxError(code: 410, reason: "Expired", message: "too old resource version (injected)")
        }
        for index in rules.indices {
            let rule = rules[index]
            guard rule.verb.map({ $0.lowercased() == verb }) ?? true, rule.resource.map({ $0 == plural }) ?? true else {
                continue
            }
            if let count = rule.count, count <= 0 { continue }
            guard Double.random(in: 0..<1) < rule.rate else { continue }
            if let count = rule.count { rules[index].count = count - 1 }
            let reason = rule.code == 429 ? "TooManyRequests" : rule.code == 409 ? "Conflict" : "InternalError"
            var error = SandboxError(code: rule.code, reason: reason, message: "injected fault (\(verb) \(plural ?? ""))")
            error.retryAfterSeconds = rule.retryAfterSeconds
            return error
        }
        return nil
    }

    var document: JSONValue {
        let ms = Double(latency.components.seconds) * 1000 + Double(latency.components.attoseconds) / 1e15
        return [
            "latencyMs": .double(ms), "nextWatchGone": .bool(nextWatchGone),
            "errors": .array(rules.map { rule in
                ["verb": rule.verb.map(JSONValue.string) ?? .null, "resource": rule.resource.map(JSONValue.string) ?? .null,
                 "code": .int(rule.code), "rate": .double(rule.rate), "count": rule.count.map(JSONValue.int) ?? .null,
                 "retryAfterSeconds": rule.retryAfterSeconds.map(JSONValue.int) ?? .null]
            }),
        ]
    }

    /// `/_sandbox/faults`: GET shows the faults, POST adds (JSON: latencyMs, errors[], nextWatchGone,
    /// dropWatches, expireHistory, refuseConnectionsMs), DELETE clears.
    func handle(_ request: Request, store: SandboxStore) async -> Response {
        switch request.method.rawValue {
        case "GET":
            return SandboxRequestHandler.json(document)
        case "DELETE":
            clear()
            return SandboxRequestHandler.json(document)
        case "POST":
            let body: JSONValue
            do {
                body = try await SandboxRequestHandler.body(request)
            } catch let error as SandboxError {
                return SandboxRequestHandler.error(error)
            } catch {
                return SandboxRequestHandler.error(SandboxError(code: 400, reason: "BadRequest", message: "\(error)"))
            }
            if let ms = body["latencyMs"]?.doubleValue { setLatency(.milliseconds(Int64(max(0, min(ms, 60_000))))) }
            for rule in body["errors"]?.arrayValue ?? [] {
                guard let code = rule["code"]?.intValue, (400...599).contains(code) else { continue }
                add(ErrorRule(verb: rule["verb"]?.stringValue, resource: rule["resource"]?.stringValue, code: code,
                              rate: min(max(rule["rate"]?.doubleValue ?? 1, 0), 1), count: rule["count"]?.intValue,
                              retryAfterSeconds: rule["retryAfterSeconds"]?.intValue.map { min(max($0, 0), 3600) }))
            }
            if body["nextWatchGone"]?.boolValue == true { nextWatchGone = true }
            if body["dropWatches"]?.boolValue == true { await store.dropAllWatches() }
            if body["expireHistory"]?.boolValue == true { await store.expireHistory() }
            if let ms = body["refuseConnectionsMs"]?.intValue, ms > 0, let refuser {
                let duration = Duration.milliseconds(min(ms, 600_000))
                Task { await refuser(duration) }
            }
            return SandboxRequestHandler.json(document)
        default:
            return SandboxRequestHandler.error(SandboxError(code: 405, reason: "MethodNotAllowed", message: "use GET, POST or DELETE"))
        }
    }
}
