import OrkAPI
import OrkKatalog
import OrkStats

/// Webhook counters as the wire types of docs/gateway-api.md, and the way back: a gateway reads its
/// peers' `?scope=pod` answers with the same types that write its own.
public enum StatsDocument {
    /// The sections of `counters` that the Katalog declares (the others are null); no
    /// infrastructure protection, which is not per CRD.
    package static func sections(_ counters: WebhookCounters, features: GatewayFeatures) -> GatewayStats {
        let v = counters.validation, m = counters.mutation, c = counters.conversion
        return GatewayStats(
            validation: features.admission ? GatewayStats.Validation(
                total: APIFormat.count(v.total), allowed: APIFormat.count(v.allowed), denied: APIFormat.count(v.denied),
                warned: APIFormat.count(v.warned), overBudget: APIFormat.count(v.overBudget),
                latency: GatewayStats.Latency(v.latency)) : nil,
            mutation: features.admission ? GatewayStats.Mutation(
                total: APIFormat.count(m.total), patched: APIFormat.count(m.patched),
                unchanged: APIFormat.count(m.unchanged), overBudget: APIFormat.count(m.overBudget),
                latency: GatewayStats.Latency(m.latency)) : nil,
            conversion: features.conversion ? GatewayStats.Conversion(
                total: APIFormat.count(c.total), succeeded: APIFormat.count(c.succeeded), failed: APIFormat.count(c.failed),
                latency: GatewayStats.Latency(c.latency)) : nil,
            deletionProtection: features.deletionProtection ? protection(counters.deletionProtection) : nil)
    }

    /// One CRD's row: its key, GVR and kind with its sections.
    package static func row(_ entry: CRDEntry, _ counters: WebhookCounters, features: GatewayFeatures) -> GatewayFleet.CRDRow {
        let stats = sections(counters, features: features)
        return GatewayFleet.CRDRow(crd: entry.key, gvr: KatalogIndex.gvr(entry), kind: entry.api.kind,
                                   validation: stats.validation, mutation: stats.mutation, conversion: stats.conversion,
                                   deletionProtection: stats.deletionProtection)
    }

    package static func protection(_ p: ProtectionCounters) -> GatewayStats.Decisions {
        GatewayStats.Decisions(total: APIFormat.count(p.total), allowed: APIFormat.count(p.allowed),
                               denied: APIFormat.count(p.denied))
    }

    // MARK: reading a peer's document

    static func uint(_ value: Int) -> UInt64 {
        value > 0 ? UInt64(value) : 0
    }

    static func histogram(_ latency: GatewayStats.Latency?) -> LatencyHistogram {
        guard let latency else { return LatencyHistogram() }
        return LatencyHistogram(counts: latency.buckets.map { uint($0.count) }, sum: latency.sumMs) ?? LatencyHistogram()
    }

    /// Counters of a peer's `crds` row; a section the peer left null reads as zero.
    package static func counters(_ row: GatewayFleet.CRDRow) -> WebhookCounters {
        var counters = WebhookCounters()
        if let v = row.validation {
            counters.validation.allowed = uint(v.allowed)
            counters.validation.denied = uint(v.denied)
            counters.validation.warned = uint(v.warned)
            counters.validation.overBudget = uint(v.overBudget)
            counters.validation.latency = histogram(v.latency)
        }
        if let m = row.mutation {
            counters.mutation.patched = uint(m.patched)
            counters.mutation.unchanged = uint(m.unchanged)
            counters.mutation.overBudget = uint(m.overBudget)
            counters.mutation.latency = histogram(m.latency)
        }
        if let c = row.conversion {
            counters.conversion.succeeded = uint(c.succeeded)
            counters.conversion.failed = uint(c.failed)
            counters.conversion.latency = histogram(c.latency)
        }
        counters.deletionProtection = protection(row.deletionProtection)
        return counters
    }

    package static func protection(_ decisions: GatewayStats.Decisions?) -> ProtectionCounters {
        var counters = ProtectionCounters()
        counters.denied = uint(decisions?.denied ?? 0)
        counters.allowed = uint(decisions?.allowed ?? 0)
        return counters
    }
}

/// Which webhooks the Katalog declares.
public struct GatewayFeatures: Sendable, Hashable {
    public var admission: Bool
    public var conversion: Bool
    public var deletionProtection: Bool
    public var strictMode: Bool

    public init(security: SecuritySettings) {
        admission = security.admissionEnabled
        conversion = security.conversionEnabled
        deletionProtection = security.deletionProtection?.enabled ?? false
        strictMode = deletionProtection && (security.deletionProtection?.strictMode ?? false)
    }

    package var document: GatewayFleet.Features {
        GatewayFleet.Features(admission: admission, conversion: conversion, deletionProtection: deletionProtection,
                              strictMode: strictMode)
    }
}
