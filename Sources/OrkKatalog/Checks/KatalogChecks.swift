import OrkValue

/// Semantic checks across a decoded Katalog: references between entries, dependency cycles,
/// duplicates and settings that contradict each other.
struct KatalogChecks {
    let context: LoaderContext
    let katalog: Katalog
    /// Every entry written under `spec.crds`, including those that did not decode.
    let declared: [DeclaredCRD]

    func run() {
        checkDuplicateKinds()
        checkDependencies()
        for entry in katalog.crds {
            context.currentCRD = entry.key
            checkChildren(entry)
            checkConversion(entry)
            checkStatus(entry)
            checkNotifications(entry)
            context.currentCRD = nil
        }
        checkAdmission()
    }

    func field(_ entry: CRDEntry, _ rest: String) -> String { "spec.crds.\(entry.key).\(rest)" }

    func checkDuplicateKinds() {
        var seen: [String: String] = [:]
        for entry in katalog.crds {
            let id = "\(entry.api.group)/\(entry.api.kind)"
            if let first = seen[id] {
                context.currentCRD = entry.key
                context.error("\(entry.api.kind).\(entry.api.group) is already declared by \(first)",
                              at: entry.position, field: "spec.crds.\(entry.key)",
                              hint: "one Katalog entry per CRD; merge the two entries")
                context.currentCRD = nil
            } else {
                seen[id] = entry.key
            }
        }
    }

    /// Unknown `dependsOn` targets and cycles, over every declared entry: a CRD with errors of its own
    /// is still known, so depending on it is not "unknown" and a cycle through it is reported.
    func checkDependencies() {
        let keys = declared.map(\.key)
        let known = Set(keys)
        let disabled = Set(declared.filter { !$0.enabled }.map(\.key))
        for crd in declared where crd.enabled {
            context.currentCRD = crd.key
            for dependency in crd.dependsOn where disabled.contains(dependency.crd) {
                context.error("depends on CRD \"\(dependency.crd)\", which is disabled (enabled: false)", at: dependency.position,
                              field: "spec.crds.\(crd.key).dependsOn.\(dependency.crd)",
                              hint: "enable \(dependency.crd) or remove this dependency")
            }
            for dependency in crd.dependsOn where !known.contains(dependency.crd) {
                context.error("depends on unknown CRD \"\(dependency.crd)\"", at: dependency.position,
                              field: "spec.crds.\(crd.key).dependsOn.\(dependency.crd)",
                              hint: Suggestion.closest(to: dependency.crd, in: keys).map { "did you mean \"\($0)\"?" }
                                ?? "known CRDs: " + keys.joined(separator: ", "))
            }
            context.currentCRD = nil
        }
        let graph = DependencyGraph(edges: declared.map { (key: $0.key, dependsOn: $0.dependsOn.map(\.crd)) })
        for cycle in graph.cycles() {
            guard let lead = cycle.first, let crd = declared.first(where: { $0.key == lead }) else { continue }
            let next = cycle.count > 1 ? cycle[1] : lead
            context.currentCRD = lead
            context.error("circular dependency: " + cycle.joined(separator: " → "),
                          at: crd.dependsOn.first { $0.crd == next }?.position ?? crd.position,
                          field: "spec.crds.\(lead).dependsOn", hint: "remove one of these dependsOn edges")
            context.currentCRD = nil
        }
    }

    func checkChildren(_ entry: CRDEntry) {
        var seen: [String: ChildEntry] = [:]
        let box = entry.operatorBox
        for (block, children) in [("onCreate", box.onCreate), ("onReconcile", box.onReconcile)] {
            for child in children {
                let id = "\(child.kind.rawValue)|\(child.namespace ?? "")|\(child.nameTemplate)"
                if let first = seen[id] {
                    context.error("duplicate \(child.kind.rawValue) name \"\(child.nameTemplate)\" (also at line "
                                  + "\(first.position?.line ?? 0))", at: child.position, field: field(entry, "operatorBox.\(block)"),
                                  hint: "give each child of a kind its own name")
                } else {
                    seen[id] = child
                }
                checkChild(child, entry: entry, block: block)
            }
        }
        var deleteNames = Set<String>()
        for child in box.onDelete.allChildren {
            let id = "\(child.kind.rawValue)|\(child.namespace ?? "")|\(child.nameTemplate)"
            if !deleteNames.insert(id).inserted {
                context.error("duplicate \(child.kind.rawValue) name \"\(child.nameTemplate)\" in onDelete",
                              at: child.position, field: field(entry, "operatorBox.onDelete"))
            }
            checkChild(child, entry: entry, block: "onDelete")
        }
        if !box.onDelete.isEmpty, box.onDelete.ordered == false, box.onDelete.groups.count > 1 {
            context.warning("onDelete has groups but ordered is false: they run together", at: entry.position,
                            field: field(entry, "operatorBox.onDelete.ordered"))
        }
    }

    func checkChild(_ child: ChildEntry, entry: CRDEntry, block: String) {
        let path = field(entry, "operatorBox.\(block).\(child.kind.rawValue)")
        if child.kind == .custom { checkCustom(child, entry: entry, path: path) }
        if child.kind == .roles || child.kind == .clusterRoles { checkPolicyRules(child, path: path) }
        let clusterScoped = child.kind == .clusterRoles || child.kind == .clusterRoleBindings
        if clusterScoped, child.namespace != nil {
            context.warning("\(child.kind.rawValue) are cluster-scoped: namespace is ignored", at: child.position,
                            field: "\(path).namespace")
        }
        if child.reconcile, child.kind.isCreateOnly {
            context.warning("\(child.kind.rawValue) are created once and never updated: reconcile has no effect",
                            at: child.position, field: "\(path).reconcile")
        }
        if child.kind == .services, case .bool(true) = child.fields["headless"], child.fields["type"] != nil {
            context.error("a headless service cannot also set type", at: child.position, field: "\(path).type")
        }
        if child.kind == .podDisruptionBudgets, child.fields["minAvailable"] != nil, child.fields["maxUnavailable"] != nil {
            context.error("set minAvailable or maxUnavailable, not both", at: child.position, field: path)
        }
    }

    func checkCustom(_ child: ChildEntry, entry: CRDEntry, path: String) {
        guard let apiVersion = child.fields["apiVersion"]?.stringValue, let kind = child.fields["kind"]?.stringValue,
              !apiVersion.contains("{{"), !kind.contains("{{")
        else {
            context.error("custom apiVersion and kind must be literal (RBAC is derived from them)", at: child.position,
                          field: path)
            return
        }
        if child.fields["plural"] != nil { return }
        let group = KubernetesKinds.split(apiVersion: apiVersion).group
        if KubernetesKinds.lookup(group: group, kind: kind) != nil { return }
        if katalog.crds.contains(where: { $0.api.group == group && $0.api.kind == kind }) { return }
        context.error("the plural resource name of \(kind).\(group.isEmpty ? "core" : group) is unknown",
                      at: child.position, field: "\(path).plural",
                      hint: "add plural: <resource> (e.g. \(kind.lowercased())s if that is what its CRD says)")
    }

    func checkPolicyRules(_ child: ChildEntry, path: String) {
        guard let rules = child.fields["rules"]?.arrayValue else { return }
        if rules.isEmpty {
            context.error("rules must not be empty", at: child.position, field: "\(path).rules")
        }
        for (index, rule) in rules.enumerated() {
            let rulePath = "\(path).rules[\(index)]"
            guard let object = rule.objectValue else {
                context.error("expected a mapping with apiGroups, resources and verbs", at: child.position, field: rulePath)
                continue
            }
            let allowed: Set<String> = ["apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs"]
            for key in object.keys.sorted() where !allowed.contains(key) {
                context.error("unknown key \"\(key)\"", at: child.position, field: "\(rulePath).\(key)",
                              hint: Suggestion.hint(for: key, in: allowed.sorted()))
            }
            if (object["verbs"]?.arrayValue ?? []).isEmpty {
                context.error("verbs must not be empty", at: child.position, field: "\(rulePath).verbs")
            }
            if object["resources"] == nil && object["nonResourceURLs"] == nil {
                context.error("resources (or nonResourceURLs) is required", at: child.position, field: "\(rulePath).resources")
            }
            for key in ["verbs", "resources", "apiGroups"] where object[key]?.arrayValue?.contains("*") ?? false {
                context.warning("\"*\" in \(key) grants far more than an operator's child usually needs", at: child.position,
                                field: "\(rulePath).\(key)", hint: "list the exact \(key)")
            }
        }
    }

    func checkConversion(_ entry: CRDEntry) {
        guard let conversion = entry.conversion else { return }
        let versions = entry.api.versions.map(\.name)
        if conversion.strategy == .webhook, entry.api.versions.count < 2 {
            context.error("conversion needs a CRD with at least two versions (has \(versions.joined(separator: ", ")))",
                          at: entry.position, field: field(entry, "conversion"))
        }
        var pairs = Set<String>()
        for (index, path) in conversion.paths.enumerated() {
            let pathField = field(entry, "conversion.paths[\(index)]")
            for (name, version) in [("from", path.from), ("to", path.to)] where !versions.contains(version) {
                context.error("version \"\(version)\" is not in the CRD (versions: \(versions.joined(separator: ", ")))",
                              at: path.position, field: "\(pathField).\(name)",
                              hint: Suggestion.closest(to: version, in: versions).map { "did you mean \"\($0)\"?" })
            }
            if path.from == path.to {
                context.error("from and to are the same version", at: path.position, field: pathField)
            }
            if !pairs.insert("\(path.from)→\(path.to)").inserted {
                context.error("duplicate conversion path \(path.from) → \(path.to)", at: path.position, field: pathField)
            }
        }
        if conversion.strategy == .webhook, !katalog.security.conversionEnabled {
            context.warning("conversion paths are declared but spec.security.conversion.enabled is false: the gateway "
                            + "will not serve /convert for them", at: entry.position, field: field(entry, "conversion"),
                            hint: "set spec.security.conversion.enabled: true")
        }
    }

    func checkStatus(_ entry: CRDEntry) {
        let reserved: Set<String> = ["conditions", "observedGeneration"]
        var seen = Set<String>()
        for (index, status) in entry.operatorBox.status.fields.enumerated() {
            let path = field(entry, "operatorBox.status.fields[\(index)].path")
            if let head = JSONValue.splitPath(status.path).first, reserved.contains(head) {
                context.error("status.\(head) is written by Orkestra itself", at: status.position, field: path,
                              hint: "pick another path")
            }
            if JSONValue.splitPath(status.path).isEmpty {
                context.error("path must not be empty", at: status.position, field: path)
            }
            if status.conditions.isEmpty, !seen.insert(status.path).inserted {
                context.warning("status.\(status.path) is set unconditionally more than once; the last one wins",
                                at: status.position, field: path)
            }
        }
    }

    func checkNotifications(_ entry: CRDEntry) {
        let teams = katalog.notification.teams.keys.sorted()
        for (index, status) in entry.operatorBox.status.fields.enumerated() {
            for team in status.notify?.teams ?? [] where katalog.notification.teams[team] == nil {
                context.error("notification team \"\(team)\" is not declared in spec.notification.teams",
                              at: status.position, field: field(entry, "operatorBox.status.fields[\(index)].notify.teams"),
                              hint: Suggestion.closest(to: team, in: teams).map { "did you mean \"\($0)\"?" }
                                ?? (teams.isEmpty ? "declare it under spec.notification.teams" : "teams: " + teams.joined(separator: ", ")))
            }
        }
    }

    func checkAdmission() {
        let withRules = katalog.crds.filter { !$0.validation.isEmpty || !$0.mutation.rules.isEmpty }
        if !katalog.security.admissionEnabled {
            for entry in withRules where entry.validation.contains(where: { !$0.firesAtReconcile })
                || entry.mutation.rules.contains(where: { !$0.firesAtReconcile }) {
                context.currentCRD = entry.key
                context.warning("some rules fire at admission only, but admission webhooks are disabled: they never run",
                                at: entry.position, field: "spec.crds.\(entry.key)",
                                hint: "set spec.security.webhooks.admission.enabled: true")
                context.currentCRD = nil
            }
        } else if withRules.isEmpty {
            context.warning("admission webhooks are enabled but no CRD declares validation or mutation rules",
                            at: nil, field: "spec.security.webhooks.admission.enabled")
        }
    }
}
