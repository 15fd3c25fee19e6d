/// Admission, conversion and protection counters of a gateway (docs/gateway-api.md §1): one
/// `crds` row's sections, a replica's `totals`, or the fleet's `totals`. Sums saturate: a
/// replica reporting `Int.max` shows `Int.max`, it never traps.
package struct GatewayStats: Codable, Sendable, Equatable {
    package var validation: Validation?
    package var mutation: Mutation?
    package var conversion: Conversion?
    package var deletionProtection: Decisions?
    package var infraProtection: Decisions?

    package init(validation: Validation? = nil, mutation: Mutation? = nil, conversion: Conversion? = nil,
                deletionProtection: Decisions? = nil, infraProtection: Decisions? = nil) {
        self.validation = validation
        self.mutation = mutation
        self.conversion = conversion
        self.deletionProtection = deletionProtection
        self.infraProtection = infraProtection
    }

    /// Validating admission reviews.
    package struct Validation: Codable, Sendable, Equatable {
        package var allowed: Int
        package var denied: Int
        package var warned: Int
        package var total: Int
        package var latency: Latency?
    }

    /// Mutating admission reviews.
    package struct Mutation: Codable, Sendable, Equatable {
        package var patched: Int
        package var unchanged: Int
        package var total: Int
        package var latency: Latency?
    }

    /// Conversion reviews.
    package struct Conversion: Codable, Sendable, Equatable {
        package var succeeded: Int
        package var failed: Int
        package var total: Int
        package var latency: Latency?
    }

    /// Allow/deny decisions (deletion and infrastructure protection).
    package struct Decisions: Codable, Sendable, Equatable {
        package var allowed: Int
        package var denied: Int
        package var total: Int
    }

    /// A mergeable latency histogram with its percentiles (`LATENCY`).
    package struct Latency: Codable, Sendable, Equatable {
        package var count: Int
        package var meanMs: Double?
        package var p50Ms: Double?
        package var p95Ms: Double?
        package var p99Ms: Double?
        package var maxMs: Double?
        package var buckets: [Bucket]

        /// One bucket: `le` in milliseconds (null = +Inf) and its own count (not cumulative).
        package struct Bucket: Codable, Sendable, Equatable {
            package var le: Double?
            package var count: Int
        }
    }

    /// Admission reviews of both kinds (validating + mutating).
    package var admissionTotal: Int { (validation?.total ?? 0).saturatingAdd(mutation?.total ?? 0) }
    /// Reviews denied by validation.
    package var admissionDenied: Int { validation?.denied ?? 0 }
    /// Deletion plus infrastructure protection decisions.
    package var protectionTotal: Int { (deletionProtection?.total ?? 0).saturatingAdd(infraProtection?.total ?? 0) }
    /// Protection decisions that denied a deletion.
    package var protectionDenied: Int { (deletionProtection?.denied ?? 0).saturatingAdd(infraProtection?.denied ?? 0) }
}
