/// A gateway's `GET /katalog` body (docs/gateway-api.md §1): the fleet view over every replica.
package struct GatewayFleet: Codable, Sendable, Equatable {
    package var katalog: String
    package var scope: String
    package var source: String
    package var version: String?
    package var uptimeSeconds: Int?
    package var pod: PodRef
    package var features: Features
    package var crds: [CRDRow]
    package var totals: GatewayStats?
    package var infraProtection: GatewayStats.Decisions?
    package var replicas: [Replica]
    package var tls: TLS?

    /// Which webhooks the Katalog declares.
    package struct Features: Codable, Sendable, Equatable {
        package var admission: Bool
        package var conversion: Bool
        package var deletionProtection: Bool
        package var strictMode: Bool
    }

    /// One CRD's counters summed over the reachable replicas.
    package struct CRDRow: Codable, Sendable, Equatable {
        package var crd: String
        package var gvr: String?
        package var kind: String?
        package var validation: GatewayStats.Validation?
        package var mutation: GatewayStats.Mutation?
        package var conversion: GatewayStats.Conversion?
        package var deletionProtection: GatewayStats.Decisions?

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
        package var totals: GatewayStats?
    }

    /// The webhook serving certificate.
    package struct TLS: Codable, Sendable, Equatable {
        package var caFingerprint: String?
        package var notAfter: String?
        package var source: String?
    }
}

/// A gateway's `GET /katalog/{crd}` body (docs/gateway-api.md §2): one CRD row plus each
/// replica's row for this CRD.
package struct GatewayCRD: Decodable, Sendable, Equatable {
    package var row: GatewayFleet.CRDRow
    package var replicas: [Replica]

    /// One replica's counters for this CRD.
    package struct Replica: Decodable, Sendable, Equatable {
        package var url: String
        package var pod: PodRef
        package var reachable: Bool
        package var error: String?
        package var stats: GatewayStats?
    }

    enum CodingKeys: String, CodingKey { case replicas }

    package init(row: GatewayFleet.CRDRow, replicas: [Replica]) {
        self.row = row
        self.replicas = replicas
    }

    package init(from decoder: any Decoder) throws {
        row = try GatewayFleet.CRDRow(from: decoder)
        replicas = try decoder.container(keyedBy: CodingKeys.self).decode([Replica].self, forKey: .replicas)
    }
}
