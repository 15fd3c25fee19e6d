import FoundationEssentials
import OrkAPI
import OrkStats
import OrkValue

extension ResourceItem {
    /// One item of `/katalog/{crd}/cr`: identity, phase, readiness, generations and age.
    init(_ object: JSONValue, now: Date) {
        let readiness = ResourceReadiness(object)
        let created = object.value(atDotted: "metadata.creationTimestamp")?.stringValue
        self.init(name: object.value(atDotted: "metadata.name")?.stringValue ?? "",
                  namespace: object.value(atDotted: "metadata.namespace")?.stringValue,
                  phase: object.value(atDotted: "status.phase")?.stringValue, ready: readiness.ready,
                  readyReason: readiness.reason, generation: object.value(atDotted: "metadata.generation")?.intValue,
                  observedGeneration: object.value(atDotted: "status.observedGeneration")?.intValue,
                  age: created.flatMap(APIFormat.parseTimestamp).map { APIFormat.seconds(from: $0, to: now) },
                  creationTimestamp: created)
    }
}

extension ResourcePageToken {
    /// `(namespace or "", name)`: the list's sort and paging key of a CR.
    init(object: JSONValue) {
        self.init(namespace: object.value(atDotted: "metadata.namespace")?.stringValue ?? "",
                  name: object.value(atDotted: "metadata.name")?.stringValue ?? "")
    }
}
