import Foundation
import OrkCore

/// One item of `/katalog/{crd}/cr`: identity, phase, readiness, generations and age.
enum ResourceSummaryJSON {
    static func item(_ object: JSONValue, now: Date) -> JSONValue {
        let readiness = ResourceReadiness(object)
        let created = object.value(atDotted: "metadata.creationTimestamp")?.stringValue
        let age: JSONValue = created.flatMap(APIFormat.parseTimestamp).map { .int(APIFormat.seconds(from: $0, to: now)) } ?? .null
        return [
            "name": APIFormat.string(object.value(atDotted: "metadata.name")?.stringValue),
            "namespace": APIFormat.string(object.value(atDotted: "metadata.namespace")?.stringValue),
            "phase": APIFormat.string(object.value(atDotted: "status.phase")?.stringValue),
            "ready": .bool(readiness.ready),
            "readyReason": APIFormat.string(readiness.reason),
            "generation": APIFormat.int(object.value(atDotted: "metadata.generation")?.intValue),
            "observedGeneration": APIFormat.int(object.value(atDotted: "status.observedGeneration")?.intValue),
            "age": age,
            "creationTimestamp": APIFormat.string(created),
        ]
    }

    /// `(namespace or "", name)`: the list's sort and paging key.
    static func key(_ object: JSONValue) -> ResourcePageToken {
        ResourcePageToken(namespace: object.value(atDotted: "metadata.namespace")?.stringValue ?? "",
                      name: object.value(atDotted: "metadata.name")?.stringValue ?? "")
    }
}
