import OrkValue

/// The outcome of loading an e2e file: the suite (when it decoded) and every diagnostic.
public struct E2ELoadResult: Sendable {
    public var suite: E2ESuite?
    public var diagnostics: [Diagnostic]
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Loads `kind: E2E` files strictly, as the Katalog loader loads Katalogs: unknown keys, wrong types,
/// missing manifests and malformed steps are all reported with their line.
public enum E2ELoader {
    static let steps = ["apply", "wait", "patch", "delete", "expectDenied"]
    /// Steps in one file, over all tests: a bound on what one file can make a run do.
    static let maxSteps = 10_000

    /// Whether `text` holds a `kind: E2E` document (`ork validate` picks the loader by kind).
    public static func isE2E(_ text: String, file: String) -> Bool {
        guard let documents = try? YAMLReader.documents(text, file: file) else { return false }
        return documents.contains { $0["kind"]?.scalar?.text == E2ESuite.kind }
    }

    public static func load(file: String, fileSystem: any TextFileSystem = LocalFileSystem()) -> E2ELoadResult {
        guard let text = fileSystem.readText(atPath: file) else {
            return E2ELoadResult(suite: nil, diagnostics: [
                Diagnostic(.error, at: nil, field: "", message: "cannot read e2e file \(file)"),
            ])
        }
        let context = LoaderContext(fileSystem: fileSystem)
        let suite = decode(text: text, file: file, context: context)
        return E2ELoadResult(suite: suite, diagnostics: context.diagnostics.sorted { lhs, rhs in
            switch (lhs.position, rhs.position) {
            case (let l?, let r?): return l < r
            case (nil, .some): return true
            default: return false
            }
        })
    }

    static func decode(text: String, file: String, context: LoaderContext) -> E2ESuite? {
        let documents: [YAMLNode]
        do {
            documents = try YAMLReader.documents(text, file: file)
        } catch {
            context.error(error.message, at: error.position, field: "")
            return nil
        }
        guard let root = documents.first(where: { $0["kind"]?.scalar?.text == E2ESuite.kind }) ?? documents.first else {
            context.error("no E2E document (kind: E2E) in \(file)", at: nil, field: "kind")
            return nil
        }
        guard let reader = FieldReader.document(root, kind: E2ESuite.kind, context: context) else { return nil }
        var name = ""
        if let metadata = reader.value("metadata"),
           let meta = FieldReader(metadata, path: "metadata", context: context, allowed: ["name", "description"], required: ["name"]) {
            name = meta.string("name") ?? ""
        }
        guard let specNode = reader.value("spec"),
              let spec = FieldReader(specNode, path: "spec", context: context, allowed: ["katalog", "timeout", "tests"],
                                     required: ["katalog", "tests"])
        else { return nil }
        let directory = KatalogPath.directory(of: file)
        var katalog = ""
        if let written = spec.string("katalog") {
            katalog = KatalogPath.normalized(KatalogPath.resolve(written, against: directory))
            if context.fileSystem.readText(atPath: katalog) == nil {
                context.error("katalog \(written) does not exist or cannot be read (looked for \(katalog))",
                              at: spec.position("katalog"), field: "spec.katalog", hint: "paths are relative to the e2e file")
            }
        }
        let timeout = spec.duration("timeout") ?? .seconds(60)
        var tests: [E2ETest] = []
        var names: Set<String> = []
        var stepCount = 0
        let items = spec.list("tests") ?? []
        if items.isEmpty, spec.value("tests") != nil {
            context.error("spec.tests is empty", at: spec.position("tests"), field: "spec.tests")
        }
        for (index, item) in items.enumerated() {
            let path = "spec.tests[\(index)]"
            guard let test = FieldReader(item, path: path, context: context, allowed: ["name", "steps"], required: ["name", "steps"])
            else { continue }
            let testName = test.string("name") ?? ""
            if !testName.isEmpty, !names.insert(testName).inserted {
                context.error("two tests are named \"\(testName)\"", at: test.position("name"), field: test.field("name"))
            }
            let decoder = E2EStepDecoder(context: context, directory: directory)
            var steps: [E2EStep] = []
            let stepNodes = test.list("steps") ?? []
            if stepNodes.isEmpty, test.value("steps") != nil {
                context.error("a test needs at least one step", at: test.position("steps"), field: "\(path).steps")
            }
            for (stepIndex, stepNode) in stepNodes.enumerated() {
                stepCount += 1
                if stepCount > maxSteps {
                    context.error("more than \(maxSteps) steps", at: stepNode.position, field: "\(path).steps")
                    return nil
                }
                if let step = decoder.step(stepNode, path: "\(path).steps[\(stepIndex)]") { steps.append(step) }
            }
            tests.append(E2ETest(name: testName, position: item.position, steps: steps))
        }
        return E2ESuite(name: name, file: file, katalog: katalog, timeout: timeout, tests: tests)
    }
}
