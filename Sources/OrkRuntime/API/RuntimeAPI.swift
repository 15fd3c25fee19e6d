import FoundationEssentials
import OrkKatalog

/// The runtime's read-only HTTP API over a ``RuntimeInspector``: probes, `/katalog…` JSON and
/// `/metrics`. Independent of the HTTP server (``RuntimeHTTPServer`` serves it), so every answer
/// can be computed and tested directly. See docs/api.md for the contract.
public struct RuntimeAPI: Sendable {
    package let inspector: any RuntimeInspector
    /// The deadline of live reads (child tree, events) against the API server.
    public let liveReadTimeout: Duration
    let now: @Sendable () -> Date

    /// `now` dates ages and uptimes (tests pass a fixed clock).
    package init(inspector: any RuntimeInspector, liveReadTimeout: Duration = .seconds(5),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.inspector = inspector
        self.liveReadTimeout = liveReadTimeout
        self.now = now
    }

    /// The answer to `method path?query`. Only GET is served: unknown paths are 404, other
    /// methods on known paths 405, both with a JSON error body.
    public func respond(method: String, path: String, query: String?) async -> APIResponse {
        let context = ResponseContext(snapshot: inspector.snapshot(), now: now())
        guard let route = APIRoute.parse(path) else {
            return context.error(404, "no such endpoint: \(path)")
        }
        guard method == "GET" else {
            var response = context.error(405, "method \(method) is not allowed: the runtime API is read-only (GET)")
            response.headers["Allow"] = "GET"
            return response
        }
        return await respond(to: route, query: APIQuery(query), context)
    }

    private func respond(to route: APIRoute, query: APIQuery, _ context: ResponseContext) async -> APIResponse {
        switch route {
        case .liveness: return ProbeResponses.liveness(context)
        case .readiness: return ProbeResponses.readiness(context)
        case .startup: return ProbeResponses.startup(context)
        case .metrics:
            return APIResponse(status: 200, contentType: APIResponse.metricsContentType,
                               body: inspector.metrics.exposition(context.snapshot))
        case .katalog: return KatalogResponse.respond(context)
        case .crd(let key):
            guard let crd = context.snapshot.crd(key) else { return context.unknownCRD(key) }
            return CRDDetailResponse.respond(crd, context)
        case .crdHealth(let key):
            guard let crd = context.snapshot.crd(key) else { return context.unknownCRD(key) }
            return CRDHealthResponse.respond(crd, context)
        case .crList(let key):
            guard let crd = context.snapshot.crd(key) else { return context.unknownCRD(key) }
            return ResourceListResponse.respond(crd, query: query, inspector: inspector, context)
        case .cr(let key, let parts):
            guard let crd = context.snapshot.crd(key) else { return context.unknownCRD(key) }
            return await customResource(crd, parts: parts, context)
        }
    }

    private func customResource(_ crd: CRDSnapshot, parts: [String], _ context: ResponseContext) async -> APIResponse {
        let namespaced = crd.entry.api.namespaced
        guard let target = ResourceTarget.resolve(parts, namespaced: namespaced) else {
            let shape = namespaced ? "{namespace}/{name}" : "{name}"
            let scope = namespaced ? "namespaced" : "cluster-scoped"
            return context.error(404, "CRD \"\(crd.key)\" is \(scope): use /katalog/\(crd.key)/cr/\(shape)[/events]")
        }
        let (namespace, name, events): (String?, String, Bool) = switch target {
        case .detail(let namespace, let name): (namespace, name, false)
        case .events(let namespace, let name): (namespace, name, true)
        }
        guard let object = inspector.customResource(crd: crd.key, namespace: namespace, name: name) else {
            if inspector.customResources(crd: crd.key) == nil {
                return context.error(503, "the informer of CRD \"\(crd.key)\" has not started yet")
            }
            let id = namespace.map { "\($0)/\(name)" } ?? name
            return context.error(404, "CR \"\(id)\" of CRD \"\(crd.key)\" is not in the cache")
        }
        if events {
            return await ResourceEventsResponse.respond(crd, object: object, inspector: inspector, timeout: liveReadTimeout, context)
        }
        return await ResourceDetailResponse.respond(crd, object: object, inspector: inspector, timeout: liveReadTimeout, context)
    }
}
