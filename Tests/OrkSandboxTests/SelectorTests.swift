import Testing
import OrkValue
@testable import OrkSandbox

/// Label and field selectors: parsing, matching, and lists filtered by them.
@Suite struct SelectorTests {
    struct LabelCase: Sendable, CustomTestStringConvertible {
        var selector: String
        var labels: [String: String]
        var matches: Bool
        var testDescription: String { "\(selector) on \(labels.sorted { $0.key < $1.key })" }
    }

    static let labelCases: [LabelCase] = [
        .init(selector: "", labels: [:], matches: true),
        .init(selector: "a=b", labels: ["a": "b"], matches: true),
        .init(selector: "a=b", labels: ["a": "c"], matches: false),
        .init(selector: "a=b", labels: [:], matches: false),
        .init(selector: "a==b", labels: ["a": "b"], matches: true),
        .init(selector: "a!=b", labels: ["a": "b"], matches: false),
        .init(selector: "a!=b", labels: ["a": "c"], matches: true),
        .init(selector: "a!=b", labels: [:], matches: true),
        .init(selector: "a in (x,y)", labels: ["a": "y"], matches: true),
        .init(selector: "a in (x, y)", labels: ["a": "z"], matches: false),
        .init(selector: "a in (x,y)", labels: [:], matches: false),
        .init(selector: "a notin (x)", labels: ["a": "x"], matches: false),
        .init(selector: "a notin (x)", labels: ["a": "y"], matches: true),
        .init(selector: "a notin (x)", labels: [:], matches: true),
        .init(selector: "a", labels: ["a": ""], matches: true),
        .init(selector: "a", labels: [:], matches: false),
        .init(selector: "!a", labels: [:], matches: true),
        .init(selector: "!a", labels: ["a": "1"], matches: false),
        .init(selector: "a=b,c", labels: ["a": "b", "c": "1"], matches: true),
        .init(selector: "a=b,c", labels: ["a": "b"], matches: false),
        .init(selector: " a = b , !c ", labels: ["a": "b"], matches: true),
        .init(selector: "a=", labels: ["a": ""], matches: true),
        .init(selector: "a in (x,)", labels: ["a": ""], matches: true),
        .init(selector: "example.com/tier=web", labels: ["example.com/tier": "web"], matches: true),
        .init(selector: "n>3", labels: ["n": "4"], matches: true),
        .init(selector: "n>3", labels: ["n": "3"], matches: false),
        .init(selector: "n<3", labels: ["n": "x"], matches: false),
        .init(selector: "app.kubernetes.io/name in (a,b),tier notin (db),!legacy", labels: ["app.kubernetes.io/name": "b", "tier": "web"], matches: true),
    ]

    @Test(arguments: labelCases)
    func labelSelectorMatches(_ example: LabelCase) throws {
        let selector = try LabelSelector.parse(example.selector)
        #expect(selector.matches(labels: example.labels.mapValues { .string($0) }) == example.matches)
    }

    static let badLabelSelectors = [
        "a in x", "a===b", "=b", "a in ()", "a,", ",a", "a b", "a in (x", "a notin", "!", "a>b", "bad key=1",
        "a=bad value!", "a=(x)", "a in (x y)", "a!", "-a=b", "a/b/c=1", "a=" + String(repeating: "v", count: 64),
    ]

    @Test(arguments: badLabelSelectors)
    func badLabelSelectorsAreBadRequests(_ text: String) {
        do {
            _ = try LabelSelector.parse(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.code == 400 && error.reason == "BadRequest")
        }
    }

    struct FieldCase: Sendable, CustomTestStringConvertible {
        var selector: String
        var matches: Bool
        var testDescription: String { selector }
    }

    static let fieldCases: [FieldCase] = [
        .init(selector: "", matches: true),
        .init(selector: "metadata.name=a,b", matches: false),
        .init(selector: "metadata.name=a\\,b", matches: true),
        .init(selector: "metadata.name==a\\,b", matches: true),
        .init(selector: "metadata.name!=a\\,b", matches: false),
        .init(selector: "metadata.namespace=ns", matches: true),
        .init(selector: "metadata.namespace=ns,metadata.name!=x", matches: true),
        .init(selector: "metadata.namespace!=ns", matches: false),
    ]

    @Test(arguments: fieldCases)
    func fieldSelectorMatches(_ example: FieldCase) throws {
        let object: JSONValue = ["metadata": ["name": "a,b", "namespace": "ns"]]
        if example.selector == "metadata.name=a,b" {
            // An unescaped comma splits terms: "b" alone is not a term.
            #expect(throws: SandboxError.self) { try FieldSelector.parse(example.selector) }
            return
        }
        #expect(try FieldSelector.parse(example.selector).matches(object) == example.matches)
    }

    @Test(arguments: ["spec.x=b", "metadata.name", "=x", "metadata.name=a\\x"])
    func badFieldSelectorsAreBadRequests(_ text: String) {
        #expect(throws: SandboxError.self) { try FieldSelector.parse(text) }
    }

    @Test func unknownFieldMessageMatchesTheRealServer() {
        do {
            _ = try FieldSelector.parse("spec.x=b")
        } catch {
            #expect(error.message == "\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        }
    }

    @Test func listsFilterBySelectorsAndNamespace() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.namespaces, namespace: nil, object: ["metadata": ["name": "other"]], fieldManager: nil)
        for (name, tier) in [("a", "web"), ("b", "db"), ("c", "web")] {
            _ = try await store.create(Res.configMaps, namespace: "default", object: configMap(name, labels: ["tier": tier]), fieldManager: nil)
        }
        _ = try await store.create(Res.configMaps, namespace: "other", object: configMap("a", labels: ["tier": "web"]), fieldManager: nil)

        func names(_ namespace: String?, _ options: ListOptions) async throws -> [String] {
            try await store.list(Res.configMaps, namespace: namespace, options: options).items.map { "\($0.objectNamespace)/\($0.objectName)" }
        }
        #expect(try await names("default", .init()) == ["default/a", "default/b", "default/c"])
        #expect(try await names(nil, .init()) == ["default/a", "default/b", "default/c", "other/a"])
        #expect(try await names(nil, .init(labelSelector: "tier=web")) == ["default/a", "default/c", "other/a"])
        #expect(try await names(nil, .init(labelSelector: "tier!=web")) == ["default/b"])
        #expect(try await names(nil, .init(fieldSelector: "metadata.name=a")) == ["default/a", "other/a"])
        #expect(try await names(nil, .init(fieldSelector: "metadata.namespace!=default")) == ["other/a"])
        #expect(try await names("default", .init(labelSelector: "tier in (web,db)", fieldSelector: "metadata.name!=b")) == ["default/a", "default/c"])
        let bad = await failure { try await store.list(Res.configMaps, namespace: nil, options: .init(labelSelector: "a in x")) }
        #expect(bad?.code == 400)
        let badField = await failure { try await store.list(Res.configMaps, namespace: nil, options: .init(fieldSelector: "data.x=1")) }
        #expect(badField?.code == 400)
    }

    @Test func builtInsServeTheirExtraFieldSelectors() async throws {
        let store = try SandboxStore()
        _ = try await store.create(Res.secrets, namespace: "default", object: ["metadata": ["name": "s1"], "type": "Opaque"], fieldManager: nil)
        _ = try await store.create(Res.secrets, namespace: "default", object: ["metadata": ["name": "s2"], "type": "kubernetes.io/tls"], fieldManager: nil)
        let tls = try await store.list(Res.secrets, namespace: "default", options: .init(fieldSelector: "type=kubernetes.io/tls"))
        #expect(tls.items.map(\.objectName) == ["s2"])
        let pods = try await store.list(Res.pods, namespace: "default", options: .init(fieldSelector: "status.phase=Pending"))
        #expect(pods.items.isEmpty)
    }
}
