/// Follow-up work of a write, done by the real cluster's controllers (garbage collector, namespace
/// controller, CRD finalizer) and by the sandbox synchronously before the write call returns.
enum PendingWork: Equatable {
    /// An owner is gone: check the objects that named it.
    case ownerRemoved(uid: String)
    /// Check one object's owner references (delete it when every owner is gone).
    case evaluateDependent(ObjectRef)
    /// An owner entered foreground deletion: delete its dependents, then finish it.
    case foregroundDependents(ObjectRef)
    /// Finish a foreground deletion when no blocking dependent is left.
    case foregroundCheck(ObjectRef)
    /// Remove the references to an owner deleted with the Orphan policy, then finish it.
    case orphanDependents(ObjectRef)
    /// Delete everything in a terminating namespace.
    case purgeNamespace(String)
    /// Remove a terminating namespace once it is empty.
    case namespaceCheck(String)
    /// Delete every object of a CRD being deleted (by CRD name, which is also the storage key).
    case purgeCRD(String)
    /// Remove a CRD being deleted once it has no objects.
    case crdCheck(String)
}

/// How a delete treats the objects that name the deleted one as owner.
enum PropagationPolicy: String {
    case background = "Background"
    case foreground = "Foreground"
    case orphan = "Orphan"
}
