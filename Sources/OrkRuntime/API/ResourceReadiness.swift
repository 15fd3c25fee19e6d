import OrkValue

/// A CR's readiness as the API reports it: its `status.conditions` `Ready` condition. `True` is
/// ready (reason and message from the condition); any other status is not ready with the
/// condition's reason (`Pending` when it has none); no `Ready` condition is not ready, `Pending`.
struct ResourceReadiness: Sendable, Hashable {
    var ready: Bool
    var reason: String?
    var message: String?

    init(_ object: JSONValue) {
        let conditions = object.value(atDotted: "status.conditions")?.arrayValue ?? []
        guard let condition = conditions.first(where: { $0["type"]?.stringValue == "Ready" }) else {
            self.ready = false
            self.reason = "Pending"
            self.message = nil
            return
        }
        let reason = condition["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        self.message = condition["message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if condition["status"]?.stringValue == "True" {
            self.ready = true
            self.reason = reason
        } else {
            self.ready = false
            self.reason = reason ?? "Pending"
        }
    }
}
