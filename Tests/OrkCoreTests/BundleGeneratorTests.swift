import Foundation
import Testing
@testable import OrkCore

@Suite struct BundleGeneratorTests {
    static let examples = ["website", "platform"]

    func bundle(_ example: String, components: [BundleComponent] = BundleComponent.allCases) throws -> String {
        let file = Repo.path("examples/\(example)/katalog.yaml")
        let result = KatalogLoader.load(file: file)
        let katalog = try #require(result.katalog)
        #expect(!result.hasErrors)
        // The golden files must not depend on where the repository is checked out.
        var relocated = katalog
        relocated.file = "examples/\(example)/katalog.yaml"
        let files = try BundleGenerator.embeddedFiles(for: katalog)
        return BundleGenerator(katalog: relocated, components: components, files: files).yaml()
    }

    @Test(arguments: examples)
    func matchesGoldenFile(_ example: String) throws {
        let golden = try Repo.read("Tests/OrkCoreTests/Golden/bundle-\(example).yaml")
        let actual = try bundle(example)
        if actual != golden {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(example).yaml")
            try Data(actual.utf8).write(to: out)
            Issue.record("bundle for \(example) differs from its golden file; actual output written to \(out.path)")
        }
    }

    @Test(arguments: examples)
    func isDeterministicParsesAndHasNoWildcards(_ example: String) throws {
        let first = try bundle(example)
        #expect(try bundle(example) == first)
        let documents = try YAMLReader.documents(first, file: "bundle").map(\.jsonValue)
        #expect(documents.compactMap { $0["kind"]?.stringValue }.first == "Namespace")
        for role in documents where role["kind"] == "ClusterRole" {
            for rule in role["rules"]?.arrayValue ?? [] {
                for key in ["verbs", "resources", "apiGroups"] {
                    let values = rule[key]?.arrayValue ?? []
                    #expect(values.contains(.string("*")) == false, "wildcard in \(key): \(rule)")
                }
            }
        }
        let configMap = try #require(documents.first { $0["kind"] == "ConfigMap" })
        #expect(configMap.value(atDotted: "data.katalog\\.yaml") == nil)
        #expect(configMap["data"]?["katalog.yaml"]?.stringValue == (try Repo.read("examples/\(example)/katalog.yaml")))
    }

    @Test func rbacIsMinimalAndDerivedFromTheKatalog() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/platform/katalog.yaml"))
        let rbac = RBACDerivation(katalog: try #require(result.katalog))
        let runtime = rbac.runtimeRules()
        func verbs(_ group: String, _ resource: String) -> Set<String> {
            Set(runtime.filter { $0.apiGroups == [group] && $0.resources.contains(resource) }.flatMap(\.verbs))
        }
        #expect(verbs("policy", "poddisruptionbudgets").contains("create"))
        #expect(verbs("rbac.authorization.k8s.io", "roles") == ["get", "list", "watch", "create", "update", "patch",
                                                               "delete", "bind", "escalate"])
        #expect(verbs("platform.orkestra.io", "databases/status") == ["get", "update", "patch"])
        #expect(verbs("platform.orkestra.io", "databases").contains("delete") == false)
        #expect(verbs("", "pods") == ["get", "list", "watch"])
        #expect(verbs("apps", "daemonsets").isEmpty)
        let gateway = rbac.gatewayRules()
        #expect(gateway.contains { $0.resources == ["secrets"] && $0.resourceNames == [OrkNames.gatewayTLSSecret] })
        #expect(!gateway.contains { $0.resources.contains("customresourcedefinitions") })
    }

    @Test func websiteRuntimeHasNoRBACEscalationAndGatewayPatchesOnlyItsConversionCRD() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/website/katalog.yaml"))
        let rbac = RBACDerivation(katalog: try #require(result.katalog))
        #expect(!rbac.runtimeRules().contains { $0.verbs.contains("escalate") || $0.verbs.contains("bind") })
        let crdRule = rbac.gatewayRules().first { $0.resources == ["customresourcedefinitions"] }
        #expect(crdRule?.resourceNames == ["websites.demo.orkestra.io"])
        #expect(crdRule?.verbs == ["get", "watch", "patch"])
    }

    @Test func componentsCanBeSelectedAndGatewayIsOmittedWhenUnneeded() throws {
        let onlyCC = try bundle("website", components: [.controlCenter])
        let docs = try YAMLReader.documents(onlyCC, file: "b").map(\.jsonValue)
        #expect(docs.compactMap { $0["kind"]?.stringValue } == ["Namespace", "ServiceAccount", "ConfigMap"])
        let text = katalogText()
        let plain = try #require(load(text).katalog)
        let kinds = try YAMLReader.documents(BundleGenerator(katalog: plain).yaml(), file: "b").map { $0["kind"]?.scalar?.text }
        #expect(!kinds.contains("orkestra-gateway"))
        #expect(kinds.filter { $0 == "ClusterRole" }.count == 1)
    }

    @Test func crdFilesOutsideTheKatalogDirectoryAreRefused() throws {
        var katalog = try #require(load(katalogText()).katalog)
        katalog.crds[0].crdFile = "./crds/app.yaml"
        #expect(throws: BundleFileError.self) { try BundleGenerator.embeddedFiles(for: katalog, fileSystem: MemoryFileSystem(files: [:])) }
    }
}
