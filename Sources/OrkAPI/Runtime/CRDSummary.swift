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
    /// Seconds between periodic resyncs.
    package var resync: Double
    package var resourceCount: Int
    /// Failed reconciles in percent, 3 decimals.
    package var errorRate: Double
    package var totalReconciles: Int
    package var lastReconcile: String?
    package var startedAt: String?

    package init(name: String, description: String?, group: String, version: String, kind: String, plural: String,
                 namespaced: Bool, state: String, stateReason: String?, healthy: Bool, dependsOn: [String], workers: Int,
                 workersBusy: Int, queueDepth: Int, maxDepth: Int, resync: Double, resourceCount: Int, errorRate: Double,
                 totalReconciles: Int, lastReconcile: String?, startedAt: String?) {
        self.name = name
        self.description = description
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.namespaced = namespaced
        self.state = state
        self.stateReason = stateReason
        self.healthy = healthy
        self.dependsOn = dependsOn
        self.workers = workers
        self.workersBusy = workersBusy
        self.queueDepth = queueDepth
        self.maxDepth = maxDepth
        self.resync = resync
        self.resourceCount = resourceCount
        self.errorRate = errorRate
        self.totalReconciles = totalReconciles
        self.lastReconcile = lastReconcile
        self.startedAt = startedAt
    }
}

/// One `dependsOn` entry and whether it is satisfied now (`dependencies` of the CRD detail and
/// health bodies).
package struct CRDDependency: Codable, Sendable, Equatable {
    package var crd: String
    package var condition: String
    package var state: String?
    package var satisfied: Bool

    package init(crd: String, condition: String, state: String?, satisfied: Bool) {
        self.crd = crd
        self.condition = condition
        self.state = state
        self.satisfied = satisfied
    }
}

/// `GET /katalog/{crd}/health` (docs/api.md §6), answered with HTTP status `status`.
package struct CRDHealthStatus: Codable, Sendable, Equatable {
    package var name: String
    package var state: String
    package var status: Int
    package var healthy: Bool
    package var stateReason: String?
    package var startedAt: String?
    package var uptimeSeconds: Int?
    package var queueDepth: Int
    package var errorRate: Double
    package var consecutiveFailures: Int
    package var totalReconciles: Int
    package var resourceCount: Int
    /// CRs left alone because the Katalog does not allow their namespace (nil from runtimes older
    /// than the field).
    package var refusedByNamespace: Int?
    package var lastError: String?
    package var lastReconcile: String?
    package var dependencies: [CRDDependency]

    package init(name: String, state: String, status: Int, healthy: Bool, stateReason: String?, startedAt: String?,
                 uptimeSeconds: Int?, queueDepth: Int, errorRate: Double, consecutiveFailures: Int, totalReconciles: Int,
                 resourceCount: Int, refusedByNamespace: Int? = 0, lastError: String?, lastReconcile: String?,
                 dependencies: [CRDDependency]) {
        self.name = name
        self.state = state
        self.status = status
        self.healthy = healthy
        self.stateReason = stateReason
        self.startedAt = startedAt
        self.uptimeSeconds = uptimeSeconds
        self.queueDepth = queueDepth
        self.errorRate = errorRate
        self.consecutiveFailures = consecutiveFailures
        self.totalReconciles = totalReconciles
        self.resourceCount = resourceCount
        self.refusedByNamespace = refusedByNamespace
        self.lastError = lastError
        self.lastReconcile = lastReconcile
        self.dependencies = dependencies
    }
}
