import OrkTestSupport
import Foundation
import OrkKatalog
import OrkValue
import Testing
@testable import OrkKube

/// The child manifests OrkKatalog builds (its golden files) are accepted by the real API server: each
/// is server-side applied with dryRun=All. The sandbox does not validate built-in schemas, so this
/// runs against the real cluster only.
@Suite(.serialized)
struct ManifestConformanceTests {
    static let goldenDirectory: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Tests/OrkKatalogTests/Golden/manifests")
    }()

    @Test(arguments: ConformanceTarget.available.filter { $0 == .cluster })
    func everyGoldenManifestIsAcceptedByTheAPIServer(_ target: ConformanceTarget) async throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.goldenDirectory.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count >= 18)
        var accepted = 0
        try await TestCluster.run(target) { cluster, ns in
            let kube = cluster.client
            for file in files {
                let text = try String(contentsOf: Self.goldenDirectory.appendingPathComponent(file), encoding: .utf8)
                var object = try JSONValue.parse(text)
                guard let kind = object["kind"]?.stringValue, let apiVersion = object["apiVersion"]?.stringValue else {
                    Issue.record("\(file): no kind/apiVersion")
                    continue
                }
                let group = KubernetesKinds.split(apiVersion: apiVersion).group
                // Kubernetes 1.20 serves older versions of some groups (batch/v1beta1 CronJob, policy/v1beta1
                // PDB, autoscaling/v2beta2 HPA): use the served one, as the runtime does after discovery.
                // Kubernetes 1.20 serves older versions of some groups (batch/v1beta1 CronJob, policy/v1beta1
                // PDB, autoscaling/v2beta2 HPA): use the first compatible served one, as the runtime does.
                let versions = ChildKind.allCases.first { $0.resourceType?.group == group && $0.resourceType?.kind == kind }?
                    .compatibleVersions ?? [KubernetesKinds.split(apiVersion: apiVersion).version]
                var found: APIResource?
                for version in versions {
                    let candidate = group.isEmpty ? version : "\(group)/\(version)"
                    if let served = try? await kube.resource(apiVersion: candidate, kind: kind) {
                        found = served
                        break
                    }
                }
                guard let resource = found else {
                    // A custom kind of a CRD this cluster does not have (e.g. cert-manager's Certificate).
                    print("\(file): \(kind).\(group) is not served by this cluster; skipped")
                    continue
                }
                object = object.setting(.string(resource.apiVersion), at: ["apiVersion"]) ?? object
                if resource.namespaced {
                    object = object.setting(.string(ns), at: ["metadata", "namespace"]) ?? object
                }
                do {
                    let answer = try await kube.apply(resource, object, fieldManager: "orkestra", force: true, dryRun: true)
                    #expect(answer["kind"]?.stringValue == kind, "\(file)")
                    accepted += 1
                } catch {
                    Issue.record("\(file) (\(resource)) rejected: \(error)")
                }
            }
            // Every built-in kind must have been checked; only custom kinds may be skipped.
            #expect(accepted >= 17, "only \(accepted) manifests were applied")
        }
    }
}
