/// A gateway's `GET /katalog` body (docs/gateway-api.md §1): the fleet view over every replica
/// (`scope: fleet`) or one replica's own counters (`scope: pod`, what peers read from each other).
package struct GatewayFleet: Codable, Sendable, Equatable {
    /// Always `gateway`.
    package var source: String
    package var katalog: String
    package var version: String?
    /// `fleet` or `pod`.
    package var scope: String
    package var pod: PodRef
    /// Always null: gateway replicas do not elect a leader.
    package var leader: LeaderRef?
    package var features: Features
    package var crds: [CRDRow]
    package var totals: GatewayStats?
    package var infraProtection: GatewayStats.Decisions?
    package var replicas: [Replica]
    package var tls: TLS?
    package var uptimeSeconds: Int?

    package init(source: String, katalog: String, version: String?, scope: String, pod: PodRef, leader: LeaderRef?,
                 features: Features, crds: [CRDRow], totals: GatewayStats?, infraProtection: GatewayStats.Decisions?,
                 replicas: [Replica], tls: TLS?, uptimeSeconds: Int?) {
        self.source = source
        self.katalog = katalog
        self.version = version
        self.scope = scope
        self.pod = pod
        self.leader = leader
        self.features = features
        self.crds = crds
        self.totals = totals
        self.infraProtection = infraProtection
        self.replicas = replicas
        self.tls = tls
        self.uptimeSeconds = uptimeSeconds
    }

    /// Which webhooks the Katalog declares.
    package struct Features: Codable, Sendable, Equatable, Hashable {
        package var admission: Bool
        package var conversion: Bool
        package var deletionProtection: Bool
        package var strictMode: Bool

        package init(admission: Bool, conversion: Bool, deletionProtection: Bool, strictMode: Bool) {
            self.admission = admission
            self.conversion = conversion
            self.deletionProtection = deletionProtection
            self.strictMode = strictMode
        }
    }

    /// One CRD's counters (summed over the reachable replicas in the fleet view).
    package struct CRDRow: Codable, Sendable, Equatable {
        package var crd: String
        package var gvr: String
        package var kind: String
        package var validation: GatewayStats.Validation?
        package var mutation: GatewayStats.Mutation?
        package var conversion: GatewayStats.Conversion?
        package var deletionProtection: GatewayStats.Decisions?

        package init(crd: String, gvr: String, kind: String, validation: GatewayStats.Validation?,
                     mutation: GatewayStats.Mutation?, conversion: GatewayStats.Conversion?,
                     deletionProtection: GatewayStats.Decisions?) {
            self.crd = crd
            self.gvr = gvr
            self.kind = kind
            self.validation = validation
            self.mutation = mutation
            self.conversion = conversion
            self.deletionProtection = deletionProtection
        }

        /// The row's sections as stats.
        package var stats: GatewayStats {
            GatewayStats(validation: validation, mutation: mutation, conversion: conversion,
                         deletionProtection: deletionProtection)
        }
    }

    /// One replica found through the gateway Service's endpoints, reachable or not.
    package struct Replica: Codable, Sendable, Equatable {
        package var url: String
        package var pod: PodRef
        package var reachable: Bool
        package var error: String?
        /// Null when the replica could not be read.
        package var totals: GatewayStats?

        package init(url: String, pod: PodRef, reachable: Bool, error: String?, totals: GatewayStats?) {
            self.url = url
            self.pod = pod
            self.reachable = reachable
            self.error = error
            self.totals = totals
        }
    }

    /// The webhook serving certificate.
    package struct TLS: Codable, Sendable, Equatable {
        package var caFingerprint: String?
        package var notAfter: String?
        /// Where it came from (`secret`, `files`, `generated`).
        package var source: String?

        package init(caFingerprint: String?, notAfter: String?, source: String?) {
            self.caFingerprint = caFingerprint
            self.notAfter = notAfter
            self.source = source
        }
    }
}

/// A gateway's `GET /katalog/{crd}` body (docs/gateway-api.md §2): one CRD row plus each
/// replica's row for this CRD.
package struct GatewayCRD: Codable, Sendable, Equatable {
    /// The row's fields, written at the top level of the body.
    package var row: GatewayFleet.CRDRow
    package var scope: String
    package var pod: PodRef
    /// Always null.
    package var leader: LeaderRef?
    package var replicas: [Replica]

    package init(row: GatewayFleet.CRDRow, scope: String, pod: PodRef, leader: LeaderRef?, replicas: [Replica]) {
        self.row = row
        self.scope = scope
        self.pod = pod
        self.leader = leader
        self.replicas = replicas
    }

    /// One replica's counters for this CRD.
    package struct Replica: Codable, Sendable, Equatable {
        package var url: String
        package var pod: PodRef
        package var reachable: Bool
        package var error: String?
        /// Null when the replica could not be read.
        package var stats: GatewayStats?

        package init(url: String, pod: PodRef, reachable: Bool, error: String?, stats: GatewayStats?) {
            self.url = url
            self.pod = pod
            self.reachable = reachable
            self.error = error
            self.stats = stats
        }
    }

    enum CodingKeys: String, CodingKey { case scope, pod, leader, replicas }

    package init(from decoder: any Decoder) throws {
        row = try GatewayFleet.CRDRow(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scope = try container.decode(String.self, forKey: .scope)
        pod = try container.decode(PodRef.self, forKey: .pod)
        leader = try container.decodeIfPresent(LeaderRef.self, forKey: .leader)
        replicas = try container.decode([Replica].self, forKey: .replicas)
    }

    package func encode(to encoder: any Encoder) throws {
        try row.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scope, forKey: .scope)
        try container.encode(pod, forKey: .pod)
        try container.encodeIfPresent(leader, forKey: .leader)
        try container.encode(replicas, forKey: .replicas)
    }
}
