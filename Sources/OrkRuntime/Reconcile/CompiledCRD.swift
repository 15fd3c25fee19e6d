import OrkKatalog

/// A CRD entry with every child and status template compiled once, at start-up.
struct CompiledCRD: Sendable {
    /// A compiled `status.fields[]` entry.
    struct StatusFieldTemplate: Sendable {
        var field: StatusField
        var value: TemplateTree
        /// `notify.message`, when the field notifies with a message of its own.
        var notifyMessage: TemplateTree?
    }

    let entry: CRDEntry
    let onCreate: [CompiledChild]
    let onReconcile: [CompiledChild]
    let onDeleteGroups: [[CompiledChild]]
    let statusFields: [StatusFieldTemplate]
    /// Whether a status template reads `.children` (then live children are read before status).
    let statusReadsChildren: Bool
    /// Why a CR in a namespace is not served (`allowedNamespaces`/`restrictedNamespaces`); nil when it is.
    let namespaceRefusal: @Sendable (String?) -> String?
    /// Whether any namespace rule applies (else every namespace is served).
    let hasNamespaceRules: Bool
    /// The Katalog's deletion protection is on: children carry (and keep) its label.
    let protectsChildren: Bool
    /// Mutated spec values mirrored into status.
    let mutatedStatus: MutatedStatus

    /// Every CR carries the finalizer from its first reconcile: the CRD has onDelete entries to run
    /// or declares finalizers of its own. Otherwise only a CR with a child that owner references
    /// cannot clean up gets one (`Reconciler.needsCleanup`).
    var alwaysFinalized: Bool { !onDeleteGroups.isEmpty || !entry.operatorBox.finalizers.isEmpty }

    /// `katalog` adds `spec.security.namespaceProtection`'s lists to the entry's own.
    init(_ entry: CRDEntry, katalog: Katalog? = nil) throws(ReconcileError) {
        self.entry = entry
        hasNamespaceRules = !(katalog?.namespaceRules(for: entry) ?? entry.namespaceRules).isEmpty
        protectsChildren = katalog?.security.deletionProtection?.enabled ?? false
        mutatedStatus = MutatedStatus(entry)
        if let katalog {
            namespaceRefusal = { katalog.namespaceRefusal(for: entry, namespace: $0) }
        } else {
            namespaceRefusal = { entry.namespaceRules.refusal(namespace: $0) }
        }
        func compile(_ children: [ChildEntry], _ section: String) throws(ReconcileError) -> [CompiledChild] {
            var out: [CompiledChild] = []
            for (index, child) in children.enumerated() {
                do {
                    out.append(try CompiledChild(child))
                } catch {
                    throw ReconcileError(.render, "\(section).\(child.kind.rawValue)[\(index)] \(error.description)")
                }
            }
            return out
        }
        let box = entry.operatorBox
        onCreate = try compile(box.onCreate, "onCreate")
        onReconcile = try compile(box.onReconcile, "onReconcile")
        var groups: [[CompiledChild]] = []
        for (index, group) in box.onDelete.groups.enumerated() {
            groups.append(try compile(group.children, "onDelete.groups[\(index)]"))
        }
        onDeleteGroups = groups
        var fields: [StatusFieldTemplate] = []
        var readsChildren = false
        for field in box.status.fields {
            do {
                var notifyMessage: TemplateTree?
                if let message = field.notify?.message { notifyMessage = try TemplateTree(.string(message)) }
                fields.append(StatusFieldTemplate(field: field, value: try TemplateTree(field.value), notifyMessage: notifyMessage))
            } catch {
                throw ReconcileError(.render, "status.fields \(field.path): \(error.error.description)")
            }
            if field.value.serialized().contains(".children") {
                readsChildren = true
            }
        }
        statusFields = fields
        statusReadsChildren = readsChildren
    }

    /// Every child entry of the CRD (for resolving resource types).
    var allEntries: [ChildEntry] { entry.operatorBox.allChildren }
}
