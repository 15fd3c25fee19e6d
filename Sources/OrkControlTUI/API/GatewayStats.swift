/// Admission, conversion and protection counters of a gateway (docs/gateway-api.md §1): one
/// `crds` row's sections, a replica's `totals`, or the fleet's `totals`. Sums saturate: a
/// replica reporting `Int.max` shows `Int.max`, it never traps.
public struct GatewayStats: Codable, Sendable, Equatable {
    public var validation: Validation?
    public var mutation: Mutation?
    public var conversion: Conversion?
    public var deletionProtection: Decisions?
    public var infraProtection: Decisions?

    public init(validation: Validation? = nil, mutation: Mutation? = nil, conversion: Conversion? = nil,
                deletionProtection: Decisions? = nil, infraProtection: Decisions? = nil) {
        self.validation = validation
        self.mutation = mutation
        self.conversion = conversion
        self.deletionProtection = deletionProtection
        self.infraProtection = infraProtection
    }

    /// Validating admission reviews.
    public struct Validation: Codable, Sendable, Equatable {
        public var allowed: Int
        public var denied: Int
        public var warned: Int
        public var total: Int
        public var latency: Latency?
    }

    /// Mutating admission reviews.
    public struct Mutation: Codable, Sendable, Equatable {
        public var patched: Int
        public var unchanged: Int
        public var total: Int
        public var latency: Latency?
    }

    /// Conversion reviews.
    public struct Conversion: Codable, Sendable, Equatable {
        public var succeeded: Int
        public var failed: Int
        public var total: Int
        public var latency: Latency?
    }

    /// Allow/deny decisions (deletion and infrastructure protection).
    public struct Decisions: Codable, Sendable, Equatable {
        public var allowed: Int
        public var denied: Int
        public var total: Int
    }

    /// A mergeable latency histogram with its percentiles (`LATENCY`).
    public struct Latency: Codable, Sendable, Equatable {
        public var count: Int
        public var meanMs: Double?
        public var p50Ms: Double?
        public var p95Ms: Double?
        public var p99Ms: Double?
        public var maxMs: Double?
        public var buckets: [Bucket]

        /// One bucket: `le` in milliseconds (null = +Inf) and its own count (not cumulative).
        public struct Bucket: Codable, Sendable, Equatable {
            public var le: Double?
            public var count: Int
        }
    }

    /// Admission reviews of both kinds (validating + mutating).
    public var admissionTotal: Int { (validation?.total ?? 0).saturatingAdd(mutation?.total ?? 0) }
    /// Reviews denied by validation.
    public var admissionDenied: Int { validation?.denied ?? 0 }
    /// Deletion plus infrastructure protection decisions.
    public var protectionTotal: Int { (deletionProtection?.total ?? 0).saturatingAdd(infraProtection?.total ?? 0) }
    /// Protection decisions that denied a deletion.
    public var protectionDenied: Int { (deletionProtection?.denied ?? 0).saturatingAdd(infraProtection?.denied ?? 0) }
}
