/// A runtime's `GET /katalog/{crd}` body (docs/api.md §5): the CRD summary plus workers, queue,
/// reconcile statistics, RBAC rules, dependencies and the declared operator box.
package struct CRDDetail: Decodable, Sendable, Equatable {
    package var summary: CRDSummary
    package var workerDetails: [Worker]
    package var queue: Queue
    package var reconcile: Reconcile
    package var rbac: RBAC
    package var dependencies: [Dependency]
    package var operatorBox: OperatorBox
    package var validationRules: Int
    package var mutationRules: Int

    /// One worker (`workerDetails[]`).
    package struct Worker: Decodable, Sendable, Equatable {
        package var id: Int
        package var state: String
    }

    /// The work queue (`queue`).
    package struct Queue: Decodable, Sendable, Equatable {
        package var depth: Int
        package var eventDepth: Int
        package var resyncDepth: Int
        package var delayed: Int
        package var processing: Int
        package var adds: Int
        package var retries: Int
        package var drops: Int
        package var waitMs: Percentiles
    }

    /// Latency percentiles in milliseconds; null while there are no samples.
    package struct Percentiles: Decodable, Sendable, Equatable {
        package var p50: Double?
        package var p90: Double?
        package var p99: Double?
        package var max: Double?
        package var mean: Double?
    }

    /// Reconcile counters (`reconcile`).
    package struct Reconcile: Decodable, Sendable, Equatable {
        package var total: Int
        package var succeeded: Int
        package var failed: Int
        package var consecutiveFailures: Int
        package var failureThreshold: Int
        package var errorRate: Double
        package var lastError: String?
        package var lastErrorAt: String?
        package var lastReconcile: String?
        package var apiWrites: Int
        package var childrenApplied: Int
        package var childrenDeleted: Int
        package var childrenUnchanged: Int
        package var durationMs: Percentiles
    }

    /// The RBAC rules the CRD's operator needs (`rbac`).
    package struct RBAC: Decodable, Sendable, Equatable {
        package var rules: [Rule]
        package var totalRules: Int

        /// One PolicyRule.
        package struct Rule: Decodable, Sendable, Equatable {
            package var apiGroups: [String]
            package var resources: [String]
            package var verbs: [String]
            package var resourceNames: [String]
        }
    }

    /// One `dependsOn` entry and whether it is satisfied now.
    package struct Dependency: Decodable, Sendable, Equatable {
        package var crd: String
        package var condition: String
        package var state: String?
        package var satisfied: Bool
    }

    /// Declared children per phase (`operatorBox`).
    package struct OperatorBox: Decodable, Sendable, Equatable {
        package var onCreate: [String: Int]
        package var onReconcile: [String: Int]
        package var onDelete: [String: Int]
        package var statusFields: Int
        package var finalizers: [String]
    }

    enum CodingKeys: String, CodingKey {
        case workerDetails, queue, reconcile, rbac, dependencies, operatorBox, validationRules, mutationRules
    }

    package init(from decoder: any Decoder) throws {
        summary = try CRDSummary(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workerDetails = try container.decode([Worker].self, forKey: .workerDetails)
        queue = try container.decode(Queue.self, forKey: .queue)
        reconcile = try container.decode(Reconcile.self, forKey: .reconcile)
        rbac = try container.decode(RBAC.self, forKey: .rbac)
        dependencies = try container.decode([Dependency].self, forKey: .dependencies)
        operatorBox = try container.decode(OperatorBox.self, forKey: .operatorBox)
        validationRules = try container.decode(Int.self, forKey: .validationRules)
        mutationRules = try container.decode(Int.self, forKey: .mutationRules)
    }
}
