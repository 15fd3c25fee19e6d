/// One CRD as `GET /katalog` lists it (docs/api.md §4, "CRD summary"); also the first fields of
/// `GET /katalog/{crd}`.
public struct CRDSummary: Codable, Sendable, Equatable {
    public var name: String
    public var description: String?
    public var group: String
    public var version: String
    public var kind: String
    public var plural: String
    public var namespaced: Bool
    public var state: String
    public var stateReason: String?
    public var healthy: Bool
    public var dependsOn: [String]
    public var workers: Int
    public var workersBusy: Int
    public var queueDepth: Int
    public var maxDepth: Int
    public var resync: Double
    public var resourceCount: Int
    public var errorRate: Double
    public var totalReconciles: Int
    public var lastReconcile: String?
    public var startedAt: String?
}
