import OrkKube
import OrkValue

/// Which CR informer events are worth a reconcile.
enum ResourceChange {
    /// True for an update that changed only the status (or only bookkeeping metadata): the
    /// runtime's own status writes then do not cost a second reconcile.
    static func isStatusOnly(old: JSONValue, new: JSONValue) -> Bool {
        func essentials(_ object: JSONValue) -> JSONValue {
            object.removing(at: ["status"]).removing(at: ["metadata", "resourceVersion"])
                .removing(at: ["metadata", "managedFields"])
        }
        return essentials(old) == essentials(new)
    }
}
