/// A runtime's `GET /katalog/{crd}` body (docs/api.md §5): the CRD summary plus workers, queue,
/// reconcile statistics, RBAC rules, dependencies and the declared operator box.
package struct CRDDetail: Codable, Sendable, Equatable {
    /// The summary's fields, written at the top level of the body.
    package var summary: CRDSummary
    package var workerDetails: [Worker]
    package var queue: Queue
    package var reconcile: Reconcile
    package var rbac: RBAC
    package var dependencies: [CRDDependency]
    package var operatorBox: OperatorBox
    package var validationRules: Int
    package var mutationRules: Int
    /// Notifications of its status fields posted to the gateway; absent when it has none to send (no
    /// `notify:`, or no gateway endpoint), and from runtimes older than the field.
    package var notifications: Notifications?

    package init(summary: CRDSummary, workerDetails: [Worker], queue: Queue, reconcile: Reconcile, rbac: RBAC,
                 dependencies: [CRDDependency], operatorBox: OperatorBox, validationRules: Int, mutationRules: Int,
                 notifications: Notifications? = nil) {
        self.summary = summary
        self.workerDetails = workerDetails
        self.queue = queue
        self.reconcile = reconcile
        self.rbac = rbac
        self.dependencies = dependencies
        self.operatorBox = operatorBox
        self.validationRules = validationRules
        self.mutationRules = mutationRules
        self.notifications = notifications
    }

    /// `notifications`: what became of the posts to the gateway's `/notify`.
    package struct Notifications: Codable, Sendable, Equatable {
        package var sent: Int
        package var throttled: Int
        package var failed: Int
        package var dropped: Int
        /// Waiting or being posted now (absent from runtimes before it was added).
        package var pending: Int?

        package init(sent: Int, throttled: Int, failed: Int, dropped: Int, pending: Int? = nil) {
            self.sent = sent
            self.throttled = throttled
            self.failed = failed
            self.dropped = dropped
            self.pending = pending
        }
    }

    /// One worker (`workerDetails[]`).
    package struct Worker: Codable, Sendable, Equatable {
        package var id: Int
        package var state: String

        package init(id: Int, state: String) {
            self.id = id
            self.state = state
        }
    }

    /// The work queue (`queue`).
    package struct Queue: Codable, Sendable, Equatable {
        package var depth: Int
        package var eventDepth: Int
        package var resyncDepth: Int
        package var delayed: Int
        package var processing: Int
        package var adds: Int
        package var retries: Int
        package var drops: Int
        package var droppedEvents: Int
        package var droppedResyncs: Int
        package var droppedRetries: Int
        package var waitMs: WaitPercentiles

        package init(depth: Int, eventDepth: Int, resyncDepth: Int, delayed: Int, processing: Int, adds: Int, retries: Int,
                     drops: Int, droppedEvents: Int, droppedResyncs: Int, droppedRetries: Int, waitMs: WaitPercentiles) {
            self.depth = depth
            self.eventDepth = eventDepth
            self.resyncDepth = resyncDepth
            self.delayed = delayed
            self.processing = processing
            self.adds = adds
            self.retries = retries
            self.drops = drops
            self.droppedEvents = droppedEvents
            self.droppedResyncs = droppedResyncs
            self.droppedRetries = droppedRetries
            self.waitMs = waitMs
        }
    }

    /// Reconcile counters (`reconcile`).
    package struct Reconcile: Codable, Sendable, Equatable {
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
        package var durationMs: DurationPercentiles

        package init(total: Int, succeeded: Int, failed: Int, consecutiveFailures: Int, failureThreshold: Int,
                     errorRate: Double, lastError: String?, lastErrorAt: String?, lastReconcile: String?, apiWrites: Int,
                     childrenApplied: Int, childrenDeleted: Int, childrenUnchanged: Int, durationMs: DurationPercentiles) {
            self.total = total
            self.succeeded = succeeded
            self.failed = failed
            self.consecutiveFailures = consecutiveFailures
            self.failureThreshold = failureThreshold
            self.errorRate = errorRate
            self.lastError = lastError
            self.lastErrorAt = lastErrorAt
            self.lastReconcile = lastReconcile
            self.apiWrites = apiWrites
            self.childrenApplied = childrenApplied
            self.childrenDeleted = childrenDeleted
            self.childrenUnchanged = childrenUnchanged
            self.durationMs = durationMs
        }
    }

    /// The RBAC rules the CRD's operator needs (`rbac`).
    package struct RBAC: Codable, Sendable, Equatable {
        package var rules: [Rule]
        package var totalRules: Int

        package init(rules: [Rule], totalRules: Int) {
            self.rules = rules
            self.totalRules = totalRules
        }

        /// One PolicyRule.
        package struct Rule: Codable, Sendable, Equatable {
            package var apiGroups: [String]
            package var resources: [String]
            package var verbs: [String]
            package var resourceNames: [String]

            package init(apiGroups: [String], resources: [String], verbs: [String], resourceNames: [String]) {
                self.apiGroups = apiGroups
                self.resources = resources
                self.verbs = verbs
                self.resourceNames = resourceNames
            }
        }
    }

    /// Declared children per phase, counted by child kind key (`operatorBox`).
    package struct OperatorBox: Codable, Sendable, Equatable {
        package var onCreate: [String: Int]
        package var onReconcile: [String: Int]
        package var onDelete: [String: Int]
        package var statusFields: Int
        package var finalizers: [String]

        package init(onCreate: [String: Int], onReconcile: [String: Int], onDelete: [String: Int], statusFields: Int,
                     finalizers: [String]) {
            self.onCreate = onCreate
            self.onReconcile = onReconcile
            self.onDelete = onDelete
            self.statusFields = statusFields
            self.finalizers = finalizers
        }
    }

    enum CodingKeys: String, CodingKey {
        case workerDetails, queue, reconcile, rbac, dependencies, operatorBox, validationRules, mutationRules, notifications
    }

    package init(from decoder: any Decoder) throws {
        summary = try CRDSummary(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        workerDetails = try container.decode([Worker].self, forKey: .workerDetails)
        queue = try container.decode(Queue.self, forKey: .queue)
        reconcile = try container.decode(Reconcile.self, forKey: .reconcile)
        rbac = try container.decode(RBAC.self, forKey: .rbac)
        dependencies = try container.decode([CRDDependency].self, forKey: .dependencies)
        operatorBox = try container.decode(OperatorBox.self, forKey: .operatorBox)
        validationRules = try container.decode(Int.self, forKey: .validationRules)
        mutationRules = try container.decode(Int.self, forKey: .mutationRules)
        notifications = try container.decodeIfPresent(Notifications.self, forKey: .notifications)
    }

    package func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(workerDetails, forKey: .workerDetails)
        try container.encode(queue, forKey: .queue)
        try container.encode(reconcile, forKey: .reconcile)
        try container.encode(rbac, forKey: .rbac)
        try container.encode(dependencies, forKey: .dependencies)
        try container.encode(operatorBox, forKey: .operatorBox)
        try container.encode(validationRules, forKey: .validationRules)
        try container.encode(mutationRules, forKey: .mutationRules)
        try container.encodeIfPresent(notifications, forKey: .notifications)
    }
}
