import OrkKatalog
import OrkKube
import OrkValue

/// The deletion-protection label on the runtime's own children (Katalog deletion protection on):
/// put back on a create-only child someone stripped it from, and taken off (with the strict-mode
/// exemption, so a strict gateway lets the update through) right before the runtime deletes a child.
enum ChildProtection {
    static func isLabelled(_ object: JSONValue?) -> Bool {
        object?.value(atDotted: "metadata.labels")?[OrkNames.deletionProtectionLabel]?.stringValue == "true"
    }

    /// Adds the label back with a merge patch guarded by the object's UID.
    static func label(_ object: JSONValue?, resource: APIResource, identity: ChildIdentity, client: KubeClient,
                      tally: inout ReconcileTally) async throws(ReconcileError) {
        let uid = object?.value(atDotted: "metadata.uid")?.stringValue ?? ""
        try await patch(["metadata": ["uid": .string(uid), "labels": [.init(stringLiteral: OrkNames.deletionProtectionLabel): "true"]]],
                        resource: resource, identity: identity, client: client, stage: .apply, tally: &tally)
    }

    /// Removes the label before a delete, guarded by `uid`.
    static func unlabel(_ object: JSONValue, uid: String, resource: APIResource, identity: ChildIdentity, client: KubeClient,
                        tally: inout ReconcileTally) async throws(ReconcileError) {
        let labels: JSONValue = [.init(stringLiteral: OrkNames.deletionProtectionLabel): .null,
                                 .init(stringLiteral: OrkNames.strictModeExemptLabel): "true"]
        try await patch(["metadata": ["uid": .string(uid), "labels": labels]],
                        resource: resource, identity: identity, client: client, stage: .delete, tally: &tally)
    }

    private static func patch(_ body: JSONValue, resource: APIResource, identity: ChildIdentity, client: KubeClient,
                              stage: ReconcileError.Stage, tally: inout ReconcileTally) async throws(ReconcileError) {
        do {
            _ = try await client.patch(resource, namespace: identity.namespace.isEmpty ? nil : identity.namespace,
                                       name: identity.name, .merge(body))
            tally.writes += 1
        } catch where error.kind == .notFound {
            return
        } catch {
            throw ReconcileError(stage, "\(identity): \(OrkNames.deletionProtectionLabel) label: \(error.description)", kubeError: error)
        }
    }
}
