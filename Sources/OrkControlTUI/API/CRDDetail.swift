/// A runtime's `GET /katalog/{crd}` body (docs/api.md §5): the CRD summary plus workers, queue,
/// reconcile statistics, RBAC rules, dependencies and the declared operator box.
public struct CRDDetail: Decodable, Sendable, Equatable {
    public var summary: CRDSummary
    public var workerDetails: [Worker]
    public var queue: Queue
    public var reconcile: Reconcile
    public var rbac: RBAC
    public var dependencies: [Dependency]
    public var operatorBox: OperatorBox
    public var validationRules: Int
    public var mutationRules: Int

    /// One worker (`workerDetails[]`).
    public struct Worker: Decodable, Sendable, Equatable {
        public var id: Int
        public var state: String
    }

    /// The work queue (`queue`).
    public struct Queue: Decodable, Sendable, Equatable {
        public var depth: Int
        public var eventDepth: Int
        public var resyncDepth: Int
        public var delayed: Int
        public var processing: Int
        public var adds: Int
        public var retries: Int
        public var drops: Int
        public var waitMs: Percentiles
    }

    /// Latency percentiles in milliseconds; null while there are no samples.
    public struct Percentiles: Decodable, Sendable, Equatable {
        public var p50: Double?
        public var p90: Double?
        public var p99: Double?
        public var max: Double?
        public var mean: Double?
    }

    /// Reconcile counters (`reconcile`).
    public struct Reconcile: Decodable, Sendable, Equatable {
        public var total: Int
        public var succeeded: Int
        public var failed: Int
        public var consecutiveFailures: Int
        public var failureThreshold: Int
        public var errorRate: Double
        public var lastError: String?
        public var lastErrorAt: String?
        public var lastReconcile: String?
        public var apiWrites: Int
        public var childrenApplied: Int
        public var childrenDeleted: Int
        public var childrenUnchanged: Int
        public var durationMs: Percentiles
    }

    /// The RBAC rules the CRD's operator needs (`rbac`).
    public struct RBAC: Decodable, Sendable, Equatable {
        public var rules: [Rule]
        public var totalRules: Int

        /// One PolicyRule.
        public struct Rule: Decodable, Sendable, Equatable {
            public var apiGroups: [String]
            public var resources: [String]
            public var verbs: [String]
            public var resourceNames: [String]
        }
    }

    /// One `dependsOn` entry and whether it is satisfied now.
    public struct Dependency: Decodable, Sendable, Equatable {
        public var crd: String
        public var condition: String
        public var state: String?
        public var satisfied: Bool
    }

    /// Declared children per phase (`operatorBox`).
    public struct OperatorBox: Decodable, Sendable, Equatable {
        public var onCreate: [String: Int]
        public var onReconcile: [String: Int]
        public var onDelete: [String: Int]
        public var statusFields: Int
        public var finalizers: [String]
    }

    enum CodingKeys: String, CodingKey {
        case workerDetails, queue, reconcile, rbac, dependencies, operatorBox, validationRules, mutationRules
    }

    public init(from decoder: any Decoder) throws {
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
