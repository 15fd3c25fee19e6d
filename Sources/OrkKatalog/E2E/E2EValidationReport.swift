import OrkValue

/// `ork validate` of an e2e file: its problems, or what it holds.
extension E2ELoadResult {
    public func text(file: String) -> String {
        var out = "E2E \(suite.map { $0.name.isEmpty ? "(unnamed)" : $0.name } ?? "") (\(file))\n"
        for diagnostic in diagnostics { out += KatalogReport.line(diagnostic) }
        if let suite {
            for test in suite.tests {
                out += "  \(test.name): \(KatalogReport.plural(test.steps.count, "step"))\n"
            }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        out += "\n"
        out += errors == 0
            ? "valid: \(KatalogReport.plural(suite?.tests.count ?? 0, "test")) of \(suite?.katalog ?? "?")\n"
            : "invalid: \(KatalogReport.plural(errors, "error"))\n"
        return out
    }

    public func json(file: String) -> JSONValue {
        [
            "file": .string(file),
            "kind": .string(E2ESuite.kind),
            "valid": .bool(!hasErrors),
            "tests": .array((suite?.tests ?? []).map { ["name": .string($0.name), "steps": .int($0.steps.count)] }),
            "diagnostics": .array(diagnostics.map(KatalogReport.json)),
        ]
    }
}
