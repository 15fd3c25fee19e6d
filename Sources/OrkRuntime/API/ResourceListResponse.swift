import OrkAPI
import OrkKatalog

/// `GET /katalog/{crd}/cr?limit=&continue=&namespace=`: the CRs of the informer cache, sorted by
/// namespace then name, one page at a time (default 500, at most 5000 per page).
enum ResourceListResponse {
    static let defaultLimit = 500
    static let maxLimit = 5_000

    static func respond(_ crd: CRDSnapshot, query: APIQuery, inspector: any RuntimeInspector,
                        _ context: ResponseContext) -> APIResponse {
        var limit = defaultLimit
        if let text = query["limit"] {
            guard let value = Int(text), value > 0 else {
                return context.error(400, "limit must be a positive integer, got \"\(text)\"")
            }
            limit = min(value, maxLimit)
        }
        var after: ResourcePageToken?
        if let text = query["continue"], !text.isEmpty {
            guard let token = ResourcePageToken(decoding: text) else {
                return context.error(400, "invalid continue token \"\(text)\": pass the `continue` value of the previous page unchanged")
            }
            after = token
        }
        let namespace = query["namespace"].flatMap { $0.isEmpty ? nil : $0 }
        if namespace != nil, !crd.entry.api.namespaced {
            return context.error(400, "CRD \"\(crd.key)\" is cluster-scoped: the namespace filter does not apply")
        }
        guard let objects = inspector.customResources(crd: crd.key) else {
            return context.error(503, "the informer of CRD \"\(crd.key)\" has not started yet")
        }
        let keyed = objects.map { (key: ResourcePageToken(object: $0), object: $0) }
            .filter { namespace == nil || $0.key.namespace == namespace }
            .sorted { ($0.key.namespace, $0.key.name) < ($1.key.namespace, $1.key.name) }
        let remaining = after.map { token in
            keyed.filter { ($0.key.namespace, $0.key.name) > (token.namespace, token.name) }
        } ?? keyed
        let page = remaining.prefix(limit)
        let next = remaining.count > limit ? page.last?.key.encoded : nil
        return context.json(200, ResourceListPage(crd: crd.key, total: keyed.count,
                                                  items: page.map { ResourceItem($0.object, now: context.now) },
                                                  continue: next))
    }
}
