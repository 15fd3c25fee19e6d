import OrkKube
import OrkValue

/// The Lease that carries a ring's table (`ShardTable`) in an annotation (`ShardNames.tableName`),
/// beside the members' Leases and labelled with the ring like them (so the one informer every
/// replica runs on the ring's Leases reads it too), but never a member: it has no holder, and the
/// coordinator neither counts it nor deletes it as stale.
enum ShardTableLease {
    /// The table in `lease`; an empty table when it has none or an unreadable one (the coordinator
    /// then assigns every bucket afresh, at epochs above any the old text could have held only if
    /// it was readable — so an unreadable table is logged by the coordinator).
    static func table(in lease: JSONValue) -> ShardTable {
        lease["metadata"]?["annotations"]?[ShardTable.annotation]?.stringValue
            .flatMap { ShardTable(annotationValue: $0) } ?? ShardTable()
    }

    /// Whether `lease` carries a table annotation that cannot be read.
    static func isUnreadable(_ lease: JSONValue) -> Bool {
        guard let text = lease["metadata"]?["annotations"]?[ShardTable.annotation]?.stringValue else { return false }
        return ShardTable(annotationValue: text) == nil
    }

    /// `lease` (as read, with its resourceVersion) carrying `table`: the body of a conditional update
    /// (nil when `lease` is not an object).
    static func replacing(_ table: ShardTable, in lease: JSONValue) -> JSONValue? {
        lease.setting(.string(table.annotationValue), at: ["metadata", "annotations", ShardTable.annotation])
    }

    /// A new table Lease for `ring`.
    static func new(name: String, namespace: String, ring: String, table: ShardTable) -> JSONValue {
        ["apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
         "metadata": ["name": .string(name), "namespace": .string(namespace),
                      "labels": [ShardNames.ringLabel: .string(ring)],
                      "annotations": [ShardTable.annotation: .string(table.annotationValue)]],
         "spec": [:]]
    }
}
