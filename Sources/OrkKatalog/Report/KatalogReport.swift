import OrkValue

/// The result of `ork validate`, ready to print as text or JSON.
public struct KatalogReport: Sendable {
    public let result: KatalogLoadResult
    public let file: String
    /// Adds RBAC rules, the start-up order and where each reconciler setting comes from.
    public let full: Bool
    /// The process defaults the runtime would run with (environment and flags); the values printed
    /// per CRD are these resolved against the Katalog, exactly as the runtime resolves them.
    public let defaults: ReconcilerDefaults

    public init(result: KatalogLoadResult, file: String, full: Bool = false, defaults: ReconcilerDefaults = ReconcilerDefaults()) {
        self.result = result
        self.file = file
        self.full = full
        self.defaults = defaults
    }

    public var exitCode: Int32 { result.hasErrors ? 1 : 0 }

    func diagnostics(for crd: String?) -> [Diagnostic] {
        result.diagnostics.filter { $0.crd == crd }
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }

    // MARK: text

    /// The human report: one block per CRD (✓ or ✗), Katalog-level problems first, a summary last.
    public func text(symbols: Bool = true) -> String {
        let ok = symbols ? "✓" : "OK", bad = symbols ? "✗" : "FAIL"
        var out = ""
        if let katalog = result.katalog {
            let version = katalog.metadata.version.map { " \($0)" } ?? ""
            out += "Katalog \(katalog.metadata.name.isEmpty ? "(unnamed)" : katalog.metadata.name)\(version) (\(file))\n"
        } else {
            out += "Katalog \(file)\n"
        }
        let general = diagnostics(for: nil)
        if !general.isEmpty {
            out += "\(general.contains { $0.severity == .error } ? bad : ok) katalog\n"
            for diagnostic in general { out += Self.line(diagnostic) }
        }
        for key in result.crdKeys {
            let own = diagnostics(for: key)
            out += "\(own.contains { $0.severity == .error } ? bad : ok) \(key)\n"
            if let entry = result.katalog?.crd(key) {
                out += summary(of: entry)
            }
            for diagnostic in own { out += Self.line(diagnostic) }
        }
        if full, let katalog = result.katalog {
            out += fullDetails(katalog)
        }
        let errors = result.errors.count, warnings = result.warnings.count
        out += "\n"
        out += errors == 0
            ? "valid: \(Self.plural(result.crdKeys.count, "CRD")), \(Self.plural(warnings, "warning"))\n"
            : "invalid: \(Self.plural(errors, "error")), \(Self.plural(warnings, "warning"))\n"
        return out
    }

    static func line(_ diagnostic: Diagnostic) -> String {
        var text = "    \(diagnostic.severity.rawValue): "
        if let position = diagnostic.position { text += "\(position): " }
        if !diagnostic.field.isEmpty { text += "\(diagnostic.field): " }
        text += diagnostic.message + "\n"
        if let hint = diagnostic.hint { text += "      hint: \(hint)\n" }
        return text
    }

    func summary(of entry: CRDEntry) -> String {
        let settings = defaults.resolve(entry.operatorBox.reconciler)
        var text = "    kind: \(entry.api.kind)\n"
        text += "    group: \(entry.api.group) / version: \(entry.api.storageVersion) / plural: \(entry.api.plural)\n"
        text += "    mode: dynamic / workers: \(settings.workers.value) / resync: \(settings.resync.value)\n"
        text += "    validation: \(Self.plural(entry.validation.count, "rule")) / "
            + "mutation: \(Self.plural(entry.mutation.rules.count, "rule"))\n"
        if full {
            text += "    reconciler: workers \(settings.workers.value) (\(settings.workers.source)), "
                + "resync \(settings.resync.value) (\(settings.resync.source)), "
                + "queue depth \(settings.maxDepth.value) (\(settings.maxDepth.source)), "
                + "failure threshold \(settings.failureThreshold.value) (\(settings.failureThreshold.source))\n"
            if entry.api.versions.count > 1 {
                text += "    versions: \(entry.api.versions.map(\.name).joined(separator: ", ")) (storage: \(entry.api.storageVersion))\n"
            }
            if !entry.dependsOn.isEmpty {
                text += "    depends on: "
                    + entry.dependsOn.map { "\($0.crd) (\($0.condition.rawValue))" }.joined(separator: ", ") + "\n"
            }
            let children = entry.operatorBox.allChildren
            if !children.isEmpty {
                text += "    children: " + Dictionary(grouping: children, by: \.kind).keys
                    .sorted { ChildKind.allCases.firstIndex(of: $0) ?? 0 < ChildKind.allCases.firstIndex(of: $1) ?? 0 }
                    .map { kind in "\(kind.rawValue) ×\(children.filter { $0.kind == kind }.count)" }
                    .joined(separator: ", ") + "\n"
            }
            if let katalog = result.katalog {
                text += "    rbac (runtime):\n"
                for rule in RBACDerivation(katalog: katalog).runtimeRules(for: entry) {
                    text += "      \(rule.summary)\n"
                }
            }
        }
        return text
    }

    func fullDetails(_ katalog: Katalog) -> String {
        var text = "\n"
        let graph = DependencyGraph(katalog: katalog)
        if let order = graph.startOrder() {
            text += "start-up order: \(order.joined(separator: " → "))\n"
        } else {
            text += "start-up order: none (circular dependency)\n"
        }
        let rbac = RBACDerivation(katalog: katalog)
        text += "rbac (runtime, all CRDs + leader election + events):\n"
        for rule in rbac.runtimeRules() { text += "  \(rule.summary)\n" }
        let gateway = rbac.gatewayRules()
        text += gateway.isEmpty ? "rbac (gateway): none (no webhook enabled)\n" : "rbac (gateway):\n"
        for rule in gateway { text += "  \(rule.summary)\n" }
        text += "rbac (controlcenter): none (reads the runtimes' and gateways' HTTP APIs only)\n"
        return text
    }

    // MARK: JSON

    /// The stable JSON document described in docs/validate.md.
    public func json() -> JSONValue {
        var crds: [JSONValue] = []
        let rbac = result.katalog.map(RBACDerivation.init)
        for key in result.crdKeys {
            var object: [String: JSONValue] = [
                "name": .string(key),
                "valid": .bool(!diagnostics(for: key).contains { $0.severity == .error }),
            ]
            if let entry = result.katalog?.crd(key) {
                object["kind"] = .string(entry.api.kind)
                object["group"] = .string(entry.api.group)
                object["version"] = .string(entry.api.storageVersion)
                object["versions"] = .array(entry.api.versions.map { .string($0.name) })
                object["plural"] = .string(entry.api.plural)
                object["namespaced"] = .bool(entry.api.namespaced)
                object["mode"] = "dynamic"
                let settings = defaults.resolve(entry.operatorBox.reconciler)
                object["workers"] = .int(settings.workers.value)
                object["resync"] = .string(settings.resync.value.description)
                object["maxDepth"] = .int(settings.maxDepth.value)
                object["validationRules"] = .int(entry.validation.count)
                object["mutationRules"] = .int(entry.mutation.rules.count)
                object["dependsOn"] = .array(entry.dependsOn.map {
                    ["crd": .string($0.crd), "condition": .string($0.condition.rawValue)]
                })
                if full {
                    object["failureThreshold"] = .int(settings.failureThreshold.value)
                    object["settingSources"] = [
                        "workers": .string(settings.workers.source.description),
                        "resync": .string(settings.resync.source.description),
                        "maxDepth": .string(settings.maxDepth.source.description),
                        "failureThreshold": .string(settings.failureThreshold.source.description),
                    ]
                }
                if full, let rbac {
                    object["rbac"] = .array(rbac.runtimeRules(for: entry).map(\.jsonValue))
                }
            }
            crds.append(.object(object))
        }
        var document: [String: JSONValue] = [
            "file": .string(file),
            "valid": .bool(!result.hasErrors),
            "crds": .array(crds),
            "diagnostics": .array(result.diagnostics.map(Self.json)),
            "summary": ["errors": .int(result.errors.count), "warnings": .int(result.warnings.count)],
        ]
        if let katalog = result.katalog {
            document["katalog"] = [
                "name": .string(katalog.metadata.name),
                "version": katalog.metadata.version.map(JSONValue.string) ?? .null,
            ]
            if full {
                let order = DependencyGraph(katalog: katalog).startOrder()
                document["startOrder"] = order.map { .array($0.map(JSONValue.string)) } ?? .null
                let rbac = RBACDerivation(katalog: katalog)
                document["rbac"] = [
                    "runtime": .array(rbac.runtimeRules().map(\.jsonValue)),
                    "gateway": .array(rbac.gatewayRules().map(\.jsonValue)),
                    "controlcenter": .array(rbac.controlCenterRBAC().allRules.map(\.jsonValue)),
                ]
            }
        }
        return .object(document)
    }

    static func json(_ diagnostic: Diagnostic) -> JSONValue {
        [
            "severity": .string(diagnostic.severity.rawValue),
            "file": diagnostic.position.map { .string($0.file) } ?? .null,
            "line": diagnostic.position.map { .int($0.line) } ?? .null,
            "column": diagnostic.position.map { .int($0.column) } ?? .null,
            "crd": diagnostic.crd.map(JSONValue.string) ?? .null,
            "field": .string(diagnostic.field),
            "message": .string(diagnostic.message),
            "hint": diagnostic.hint.map(JSONValue.string) ?? .null,
        ]
    }
}
