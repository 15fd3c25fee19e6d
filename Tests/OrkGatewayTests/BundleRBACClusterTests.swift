import Foundation
import OrkKatalog
import OrkKube
import OrkTestSupport
import Testing

/// The bundle's RBAC on the real kube-apiserver (scripts/kube-local, ORK_KUBE_INTEGRATION=1): the
/// bundle for examples/platform (renamed, so its cluster-wide objects are this test's own) is
/// applied in a fresh namespace, and `kubectl auth can-i --as=system:serviceaccount:NS:SA` proves
/// every right the gateway and the runtime use is granted and the rights beyond them are refused.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1" && TestCluster.kubectlAvailable))
struct BundleRBACClusterTests {
    /// (verb, resource[/name], namespace or nil for cluster-scoped, expected answer)
    typealias Check = (verb: String, resource: String, namespace: String?, allowed: Bool)

    static func gatewayChecks(_ ns: String, configMap: String) -> [Check] {
        [
            // Its own Secret, in its own namespace only.
            ("get", "secrets/\(OrkNames.gatewayTLSSecret)", ns, true),
            ("update", "secrets/\(OrkNames.gatewayTLSSecret)", ns, true),
            ("create", "secrets", ns, true),
            ("get", "secrets/\(OrkNames.gatewayTLSSecret)", "default", false),
            ("get", "secrets/\(OrkNames.gatewayTLSSecret)", "kube-system", false),
            ("create", "secrets", "default", false),
            ("get", "secrets/other", ns, false),
            ("list", "secrets", ns, false),
            ("delete", "secrets/\(OrkNames.gatewayTLSSecret)", ns, false),
            // Peers and the Katalog's generation, by name.
            ("get", "endpoints/\(OrkNames.gatewayService)", ns, true),
            ("get", "endpoints/other", ns, false),
            ("get", "endpoints/\(OrkNames.gatewayService)", "default", false),
            ("get", "configmaps/\(configMap)", ns, true),
            ("get", "configmaps/other", ns, false),
            // Its webhook configurations: by name except list/watch/create.
            ("list", "validatingwebhookconfigurations", nil, true),
            ("watch", "mutatingwebhookconfigurations", nil, true),
            ("create", "validatingwebhookconfigurations", nil, true),
            ("patch", "validatingwebhookconfigurations/\(OrkNames.validatingWebhookConfiguration)", nil, true),
            ("patch", "validatingwebhookconfigurations/\(OrkNames.deletionProtectionWebhookConfiguration)", nil, true),
            ("patch", "mutatingwebhookconfigurations/\(OrkNames.mutatingWebhookConfiguration)", nil, true),
            ("delete", "validatingwebhookconfigurations/\(OrkNames.validatingWebhookConfiguration)", nil, true),
            ("delete", "validatingwebhookconfigurations/\(OrkNames.deletionProtectionWebhookConfiguration)", nil, true),
            ("delete", "mutatingwebhookconfigurations/\(OrkNames.mutatingWebhookConfiguration)", nil, true),
            ("patch", "validatingwebhookconfigurations/someone-elses", nil, false),
            ("delete", "validatingwebhookconfigurations/someone-elses", nil, false),
            ("update", "mutatingwebhookconfigurations/someone-elses", nil, false),
            ("delete", "customresourcedefinitions/databases.platform.orkestra.io", nil, false),
            ("get", "leases", ns, false),
            // Its callers are checked by the API server; its peers' fleet views are read with its identity.
            ("create", "tokenreviews.authentication.k8s.io", nil, true),
            ("create", "subjectaccessreviews.authorization.k8s.io", nil, true),
            ("get", "/katalog", nil, true),
            ("get", "/katalog/website", nil, true),
            ("create", "/katalog", nil, false),
        ]
    }

    /// The Control Center reads the runtimes' and gateways' APIs and, in the Orkestra namespace only,
    /// finds them and reaches them through the pod proxy; nothing else of the cluster.
    static func controlCenterChecks(_ ns: String) -> [Check] {
        [
            ("get", "/katalog", nil, true),
            ("get", "/katalog/website/cr/default/blog", nil, true),
            ("create", "/katalog", nil, false),
            ("get", "/metrics", nil, false),
            ("get", "/logs", nil, false),
            ("list", "services", ns, true),
            ("list", "pods", ns, true),
            ("get", "pods --subresource=proxy", ns, true),
            ("create", "pods --subresource=proxy", ns, false),
            ("get", "services --subresource=proxy", ns, false),
            ("get", "pods", ns, false),
            ("list", "pods", "default", false),
            ("get", "pods --subresource=proxy", "default", false),
            ("list", "services", "kube-system", false),
            ("get", "secrets", ns, false),
            ("list", "customresourcedefinitions.apiextensions.k8s.io", nil, false),
        ]
    }

    static func runtimeChecks(_ ns: String) -> [Check] {
        [
            ("create", "leases.coordination.k8s.io", ns, true),
            ("get", "leases.coordination.k8s.io/\(OrkNames.leaseName)", ns, true),
            ("update", "leases.coordination.k8s.io/\(OrkNames.leaseName)", ns, true),
            ("update", "leases.coordination.k8s.io/other", ns, false),
            ("get", "leases.coordination.k8s.io/\(OrkNames.leaseName)", "default", false),
            ("create", "leases.coordination.k8s.io", "kube-system", false),
            ("update", "leases.coordination.k8s.io/\(OrkNames.leaseName)", "kube-node-lease", false),
            ("get", "customresourcedefinitions/databases.platform.orkestra.io", nil, true),
            ("get", "customresourcedefinitions/other.example.com", nil, false),
            ("create", "events", "default", true),
            ("update", "configmaps", "default", true),
            ("create", "daemonsets.apps", "default", false),
            ("delete", "validatingwebhookconfigurations/\(OrkNames.validatingWebhookConfiguration)", nil, false),
            ("create", "tokenreviews.authentication.k8s.io", nil, true),
            ("create", "subjectaccessreviews.authorization.k8s.io", nil, true),
            ("get", "/katalog", nil, false),
        ]
    }

    @Test func everyNeededRightIsGrantedAndNothingBeyond() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            let file = "\(WebhookTests.root)/examples/platform/katalog.yaml"
            var katalog = try #require(KatalogLoader.load(file: file).katalog)
            katalog.metadata.name = "rbac-\(namespace)"
            let generator = BundleGenerator(katalog: katalog, namespace: namespace, components: [.runtime, .gateway, .controlCenter],
                                            files: try BundleGenerator.embeddedFiles(for: KatalogLoader.load(file: file).katalog ?? katalog))
            _ = try cluster.kubectl(["apply", "-f", "-"], input: generator.yaml())
            defer {
                _ = try? cluster.kubectl(["delete", "clusterrole,clusterrolebinding", "-l", "orkestra.orkspace.io/katalog=\(katalog.metadata.name)"])
            }
            func canI(_ account: String, _ check: Check) throws -> Bool {
                try Self.canI(cluster, namespace: namespace, account: account, check)
            }
            for (account, checks) in [(OrkNames.gatewayServiceAccount, Self.gatewayChecks(namespace, configMap: generator.configMapName)),
                                      (OrkNames.runtimeServiceAccount, Self.runtimeChecks(namespace)),
                                      (OrkNames.controlCenterServiceAccount, Self.controlCenterChecks(namespace))] {
                for check in checks {
                    let answer = try canI(account, check)
                    #expect(answer == check.allowed,
                            "\(account): can-i \(check.verb) \(check.resource) in \(check.namespace ?? "(cluster)") answered \(answer)")
                }
            }
        }
    }

    /// With `--sharding` the runtime may also keep its own shard Lease and read and clean the ring's,
    /// in its namespace only; without it, none of that.
    @Test func shardingAddsTheShardLeasesInTheRuntimesNamespaceOnly() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            let file = "\(WebhookTests.root)/examples/platform/katalog.yaml"
            var katalog = try #require(KatalogLoader.load(file: file).katalog)
            katalog.metadata.name = "rbac-\(namespace)"
            let leases = "leases.coordination.k8s.io"
            let shardLease = "\(leases)/\(OrkNames.leaseName)-shard-runtime-1a2b3c4d"
            let shardChecks: [Check] = [("list", leases, namespace, true), ("watch", leases, namespace, true),
                                        ("get", shardLease, namespace, true), ("update", shardLease, namespace, true),
                                        ("delete", shardLease, namespace, true), ("create", leases, namespace, true),
                                        ("list", leases, "default", false), ("update", shardLease, "kube-system", false),
                                        ("delete", shardLease, "kube-node-lease", false)]
            for sharding in [false, true] {
                let generator = BundleGenerator(katalog: katalog, namespace: namespace, components: [.runtime],
                                                files: try BundleGenerator.embeddedFiles(for: KatalogLoader.load(file: file).katalog ?? katalog),
                                                sharding: sharding)
                _ = try cluster.kubectl(["apply", "-f", "-"], input: generator.yaml())
                for check in shardChecks {
                    // Without sharding only `create` (any Lease: the leader's name is not known before) is granted.
                    let expected = sharding ? check.allowed : (check.allowed && check.verb == "create")
                    _ = try await eventually(timeout: .seconds(120)) {
                        try Self.canI(cluster, namespace: namespace, account: OrkNames.runtimeServiceAccount, check) == expected
                    }
                    let answer = try Self.canI(cluster, namespace: namespace, account: OrkNames.runtimeServiceAccount, check)
                    #expect(answer == expected, "sharding \(sharding): can-i \(check.verb) \(check.resource) in \(check.namespace ?? "") answered \(answer)")
                }
            }
            _ = try? cluster.kubectl(["delete", "clusterrole,clusterrolebinding", "-l", "orkestra.orkspace.io/katalog=\(katalog.metadata.name)"])
        }
    }

    /// kubectl answers "yes" (exit 0) or "no" (exit 1); anything else is an error.
    static func canI(_ cluster: TestCluster, namespace: String, account: String, _ check: Check) throws -> Bool {
        // A subresource is a flag of its own ("pods --subresource=proxy"): kubectl reads
        // "pods/proxy" as the pod named proxy.
        var arguments = ["--kubeconfig", cluster.kubeconfigPath, "auth", "can-i", check.verb]
        arguments += check.resource.split(separator: " ").map(String.init)
        arguments += ["--as=system:serviceaccount:\(namespace):\(account)"]
        arguments += check.namespace.map { ["-n", $0] } ?? []
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ORK_KUBECTL"] ?? "/usr/bin/kubectl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard answer == "yes" || answer == "no" else {
            throw KubeConfigError("kubectl \(arguments.dropFirst(2).joined(separator: " ")) answered \"\(answer)\" (exit \(process.terminationStatus))")
        }
        return answer == "yes"
    }
}
