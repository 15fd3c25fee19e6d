import OrkAPI
import OrkValue

/// `GET …/cr/{ns}/{name}/events` (or `…/cr/{name}/events`): the CR's Kubernetes events, newest
/// first, read live; 502 when the API server could not be read.
enum ResourceEventsResponse {
    static func respond(_ crd: CRDSnapshot, object: JSONValue, inspector: any RuntimeInspector,
                        timeout: Duration, _ context: ResponseContext) async -> APIResponse {
        let key = crd.key
        let result = await LiveRead.run(timeout: timeout) { try await inspector.events(crd: key, customResource: object) }
        switch result {
        case .success(let events):
            return context.json(200, ResourceEvents(
                name: object.value(atDotted: "metadata.name")?.stringValue,
                namespace: object.value(atDotted: "metadata.namespace")?.stringValue,
                total: events.count, events: events))
        case .failure(let failure):
            return context.error(502, "reading the events failed: \(failure.message)")
        }
    }
}
