/// One CRD as `GET /katalog` lists it (docs/api.md §4, "CRD summary"); also the first fields of
/// `GET /katalog/{crd}`.
package struct CRDSummary: Codable, Sendable, Equatable {
    package var name: String
    package var description: String?
    package var group: String
    package var version: String
    package var kind: String
    package var plural: String
    package var namespaced: Bool
    package var state: String
    package var stateReason: String?
    package var healthy: Bool
    package var dependsOn: [String]
    package var workers: Int
    package var workersBusy: Int
    package var queueDepth: Int
    package var maxDepth: Int
    package var resync: Double
    package var resourceCount: Int
    package var errorRate: Double
    package var totalReconciles: Int
    package var lastReconcile: String?
    package var startedAt: String?
}
