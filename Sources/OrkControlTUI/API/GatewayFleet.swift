/// A gateway's `GET /katalog` body (docs/gateway-api.md §1): the fleet view over every replica.
public struct GatewayFleet: Codable, Sendable, Equatable {
    public var katalog: String
    public var scope: String
    public var source: String
    public var version: String?
    public var uptimeSeconds: Int?
    public var pod: PodRef
    public var features: Features
    public var crds: [CRDRow]
    public var totals: GatewayStats?
    public var infraProtection: GatewayStats.Decisions?
    public var replicas: [Replica]
    public var tls: TLS?

    /// Which webhooks the Katalog declares.
    public struct Features: Codable, Sendable, Equatable {
        public var admission: Bool
        public var conversion: Bool
        public var deletionProtection: Bool
        public var strictMode: Bool
    }

    /// One CRD's counters summed over the reachable replicas.
    public struct CRDRow: Codable, Sendable, Equatable {
        public var crd: String
        public var gvr: String?
        public var kind: String?
        public var validation: GatewayStats.Validation?
        public var mutation: GatewayStats.Mutation?
        public var conversion: GatewayStats.Conversion?
        public var deletionProtection: GatewayStats.Decisions?

        /// The row's sections as stats.
        public var stats: GatewayStats {
            GatewayStats(validation: validation, mutation: mutation, conversion: conversion,
                         deletionProtection: deletionProtection)
        }
    }

    /// One replica found through the gateway Service's endpoints, reachable or not.
    public struct Replica: Codable, Sendable, Equatable {
        public var url: String
        public var pod: PodRef
        public var reachable: Bool
        public var error: String?
        public var totals: GatewayStats?
    }

    /// The webhook serving certificate.
    public struct TLS: Codable, Sendable, Equatable {
        public var caFingerprint: String?
        public var notAfter: String?
        public var source: String?
    }
}

/// A gateway's `GET /katalog/{crd}` body (docs/gateway-api.md §2): one CRD row plus each
/// replica's row for this CRD.
public struct GatewayCRD: Decodable, Sendable, Equatable {
    public var row: GatewayFleet.CRDRow
    public var replicas: [Replica]

    /// One replica's counters for this CRD.
    public struct Replica: Decodable, Sendable, Equatable {
        public var url: String
        public var pod: PodRef
        public var reachable: Bool
        public var error: String?
        public var stats: GatewayStats?
    }

    enum CodingKeys: String, CodingKey { case replicas }

    public init(row: GatewayFleet.CRDRow, replicas: [Replica]) {
        self.row = row
        self.replicas = replicas
    }

    public init(from decoder: any Decoder) throws {
        row = try GatewayFleet.CRDRow(from: decoder)
        replicas = try decoder.container(keyedBy: CodingKeys.self).decode([Replica].self, forKey: .replicas)
    }
}
