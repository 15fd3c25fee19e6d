import OrkAPI
import OrkKatalog
import OrkKube
import OrkValue

/// What the HTTP API and `/metrics` read from a runtime: snapshots, the CR caches, and the live
/// child tree and events of one CR. The runtime implements it; tests use a fixed fake.
package protocol RuntimeInspector: Sendable {
    /// The whole runtime, consistent at one instant per CRD.
    func snapshot() -> RuntimeSnapshot
    /// The series `/metrics` exports (the gauges among them are set from ``snapshot()`` per scrape).
    var metrics: RuntimeMetrics { get }
    /// The Katalog as loaded (for `/katalog/{crd}` configuration fields).
    var katalog: Katalog { get }
    /// Every CR of a CRD from its informer cache, sorted by namespace/name; nil when the CRD is
    /// unknown or its informer has not been created yet.
    func customResources(crd: String) -> [JSONValue]?
    /// One CR from the cache (namespace nil for cluster-scoped CRDs).
    func customResource(crd: String, namespace: String?, name: String) -> JSONValue?
    /// The CR's child tree, read live from the API server (children by owner UID, their own
    /// children below them).
    func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode]
    /// The CR's Kubernetes events, newest first, read live from the API server.
    func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event]
}
