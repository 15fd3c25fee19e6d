import Foundation
import Testing
import OrkKatalog
import OrkValue

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
        let golden = try Repo.read("Tests/OrkKatalogTests/Golden/bundle-\(example).yaml")
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
        #expect(crdRule?.verbs == ["get", "patch"])
    }

    /// The gateway's Secret, Endpoints and ConfigMap and the runtime's Lease only through Roles in the
    /// bundle's namespace; every cluster-wide
    /// verb that Kubernetes can limit by name is limited (list, watch and create cannot be).
    @Test(arguments: examples)
    func ownSecretsAndLeasesAreNamespacedAndClusterRulesNameWhatTheyCan(_ example: String) throws {
        let documents = try YAMLReader.documents(try bundle(example), file: "bundle").map(\.jsonValue)
        let unnameable: Set<String> = ["list", "watch", "create"]
        for role in documents where role["kind"] == "ClusterRole" {
            for rule in role["rules"]?.arrayValue ?? [] {
                let resources = Set(rule["resources"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                // The runtime may manage Secrets as children of CRs (any namespace); its Lease is its own.
                #expect(!resources.contains("leases"), "\(rule)")
                if role["metadata"]?["name"]?.stringValue?.hasSuffix(":gateway") == true {
                    #expect(resources.isDisjoint(with: ["secrets", "endpoints", "configmaps"]), "\(rule)")
                }
                let groups = rule["apiGroups"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard groups == ["admissionregistration.k8s.io"] || groups == ["apiextensions.k8s.io"] else { continue }
                let verbs = Set(rule["verbs"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let names = rule["resourceNames"]?.arrayValue ?? []
                if !verbs.isSubset(of: unnameable) {
                    #expect(names.count > 0, "unrestricted \(verbs) in \(rule)")
                }
            }
        }
        let roles = documents.filter { $0["kind"] == "Role" }
        #expect(roles.allSatisfy { $0["metadata"]?["namespace"] == "orkestra-system" })
        func rules(_ component: String) -> [JSONValue] {
            roles.first { $0["metadata"]?["name"]?.stringValue?.hasSuffix(":\(component)") == true }?["rules"]?.arrayValue ?? []
        }
        let secretRules = rules("gateway").filter { $0["resources"] == ["secrets"] }
        #expect(secretRules.contains { $0["verbs"] == ["create"] && $0["resourceNames"] == nil })
        // Every other Secret right is limited by name.
        #expect(secretRules.allSatisfy { $0["verbs"] == ["create"] || ($0["resourceNames"]?.arrayValue?.count ?? 0) > 0 })
        #expect(secretRules.contains { $0["resourceNames"] == [.string(OrkNames.gatewayTLSSecret)] })
        let leaseRules = rules("runtime").filter { $0["resources"] == ["leases"] }
        #expect(leaseRules.contains { $0["verbs"] == ["create"] })
        #expect(leaseRules.contains { $0["verbs"] == ["get", "update"] && $0["resourceNames"] == [.string(OrkNames.leaseName)] })
        let bindings = documents.filter { $0["kind"] == "RoleBinding" }
        #expect(bindings.count == roles.count)
        #expect(bindings.allSatisfy { $0["roleRef"]?["kind"] == "Role" && $0["metadata"]?["namespace"] == "orkestra-system" })
    }

    @Test func theGatewayDeletesItsOwnConfigurationsByNameOnly() throws {
        let result = KatalogLoader.load(file: Repo.path("examples/platform/katalog.yaml"))
        let access = RBACDerivation(katalog: try #require(result.katalog)).gatewayRBAC(katalogConfigMap: "platform-katalog")
        let deletes = access.clusterRules.filter { $0.verbs.contains("delete") }
        #expect(!deletes.isEmpty)
        #expect(deletes.allSatisfy { !$0.resourceNames.isEmpty })
        let named = Set(deletes.flatMap(\.resourceNames))
        #expect(named == [OrkNames.validatingWebhookConfiguration, OrkNames.mutatingWebhookConfiguration,
                          OrkNames.deletionProtectionWebhookConfiguration])
        #expect(access.namespaceRules.contains { $0.resources == ["configmaps"] && $0.resourceNames == ["platform-katalog"] && $0.verbs == ["get"] })
        #expect(!access.clusterRules.contains { $0.resources.contains("secrets") || $0.resources.contains("endpoints") })
    }

    @Test func componentsCanBeSelectedAndGatewayIsOmittedWhenUnneeded() throws {
        let onlyCC = try bundle("website", components: [.controlCenter])
        let docs = try YAMLReader.documents(onlyCC, file: "b").map(\.jsonValue)
        #expect(docs.compactMap { $0["kind"]?.stringValue }
                == ["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap"])
        // The Control Center reads the APIs (get on /katalog and below) and, in its own namespace only,
        // finds the runtimes and gateways and reaches them through the API server's pod proxy.
        let role = try #require(docs.first { $0["kind"] == "ClusterRole" })
        #expect(role["rules"] == [["nonResourceURLs": ["/katalog", "/katalog/*"], "verbs": ["get"]]])
        let own = try #require(docs.first { $0["kind"] == "Role" })
        #expect(own["metadata"]?["namespace"] == "orkestra-system")
        #expect(own["rules"] == [["apiGroups": [""], "resources": ["pods", "services"], "verbs": ["list"]],
                                 ["apiGroups": [""], "resources": ["pods/proxy"], "verbs": ["get"]]])
        let text = katalogText()
        let plain = try #require(load(text).katalog)
        let kinds = try YAMLReader.documents(BundleGenerator(katalog: plain).yaml(), file: "b").map { $0["kind"]?.scalar?.text }
        #expect(!kinds.contains("orkestra-gateway"))
        #expect(kinds.filter { $0 == "ClusterRole" }.count == 2, "the runtime's and the Control Center's")
        #expect(kinds.filter { $0 == "Role" }.count == 2, "the runtime's and the Control Center's")
    }

    @Test func crdFilesOutsideTheKatalogDirectoryAreEmbeddedUnderFlatNames() throws {
        var katalog = try #require(load(katalogText()).katalog)
        katalog.crds[0].crdFile = "./crds/app.yaml"
        #expect(throws: BundleFileError("app: cannot read crdFile crds/app.yaml")) {
            try BundleGenerator.embeddedFiles(for: katalog, fileSystem: MemoryFileSystem(files: [:]))
        }
        katalog.crds[0].crdFile = "katalog.yaml"
        #expect(throws: BundleFileError.self) {
            try BundleGenerator.embeddedFiles(for: katalog, fileSystem: MemoryFileSystem(files: ["katalog.yaml": ""]))
        }
    }

    /// examples/imports: the bundle carries the Katalog with its import resolved and the pattern's
    /// crdFile (outside the Katalog's directory) under a flat name, and that Katalog loads from the
    /// ConfigMap's files alone, as a deployed runtime reads them.
    @Test func aKatalogWithImportsIsEmbeddedResolvedAndLoadsFromTheConfigMapAlone() throws {
        let katalog = try #require(KatalogLoader.load(file: Repo.path("examples/imports/katalog.yaml")).katalog)
        let documents = try YAMLReader.documents(BundleGenerator(katalog: katalog, files: try BundleGenerator.embeddedFiles(for: katalog))
            .yaml(), file: "bundle").map(\.jsonValue)
        let data = try #require(documents.first { $0["kind"] == "ConfigMap" }?["data"]?.objectValue)
        #expect(data.keys.sorted() == ["katalog.yaml", "website-crd.yaml"])
        #expect(data["website-crd.yaml"]?.stringValue == (try Repo.read("examples/website/crd.yaml")))
        let text = try #require(data["katalog.yaml"]?.stringValue)
        #expect(!text.contains("imports:"))
        let mounted = Dictionary(uniqueKeysWithValues: data.compactMap { key, value in value.stringValue.map { ("/etc/ork/\(key)", $0) } })
        let deployed = KatalogLoader.load(text: text, file: "/etc/ork/katalog.yaml", fileSystem: MemoryFileSystem(files: mounted),
                                          requireCRFiles: false)
        #expect(deployed.errors == [])
        #expect(deployed.katalog?.crd("website")?.api == katalog.crd("website")?.api)
        #expect(deployed.katalog?.crd("website")?.operatorBox.reconciler.workers == 2)
    }
}
