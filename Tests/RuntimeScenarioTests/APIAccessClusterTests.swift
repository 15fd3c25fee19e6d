import Foundation
import OrkAccess
@testable import OrkControlTUI
import OrkKube
import OrkTestSupport
import OrkValue
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// With `ORK_API_AUTH=kubernetes` the runtime's API answers only whom the real API server
/// authenticates and RBAC allows: anonymous 401, a ServiceAccount without the right 403, the
/// Control Center's ServiceAccount (bound to a ClusterRole with the non-resource URLs) 200; the
/// probes and `/metrics` stay open. Real kube-apiserver only (the sandbox reviews no tokens).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"))
struct APIAccessClusterTests {
    static let serviceAccounts = APIResource(group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", namespaced: true)
    static let clusterRoles = APIResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles",
                                          kind: "ClusterRole", namespaced: false)
    static let clusterRoleBindings = APIResource(group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings",
                                                 kind: "ClusterRoleBinding", namespaced: false)

    /// A new ServiceAccount's token (TokenRequest, for the API server's own audience).
    static func token(_ cluster: TestCluster, namespace: String, account: String) async throws -> String {
        _ = try await cluster.client.create(serviceAccounts, namespace: namespace,
                                            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(account)]])
        let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": 3600]]
        let answer = try await cluster.client.create(serviceAccounts, namespace: namespace, request, subresource: "token", name: account)
        return try #require(answer.value(atDotted: "status.token")?.stringValue)
    }

    /// GET with an optional bearer token: the status and the WWW-Authenticate header.
    static func get(_ port: Int, _ path: String, token: String?) async throws -> (Int, String?) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (_, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "WWW-Authenticate"))
    }

    /// `ork control --token-file`: its fetcher sends the file's token; a refusal is the API's reason.
    static func controlCenterFetches(port: Int, viewer: String, other: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ork-control-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let viewerFile = directory.appendingPathComponent("viewer").path, otherFile = directory.appendingPathComponent("other").path
        try viewer.write(toFile: viewerFile, atomically: true, encoding: .utf8)
        try other.write(toFile: otherFile, atomically: true, encoding: .utf8)
        let allowed = try AsyncHTTPFetcher(credentials: FetchCredentials(tokenFile: viewerFile))
        let refused = try AsyncHTTPFetcher(credentials: FetchCredentials(tokenFile: otherFile))
        let anonymous = try AsyncHTTPFetcher()
        let ok = await allowed.get("http://127.0.0.1:\(port)/katalog", timeoutSeconds: 30)
        let forbidden = await refused.get("http://127.0.0.1:\(port)/katalog", timeoutSeconds: 30)
        let unauthorized = await anonymous.get("http://127.0.0.1:\(port)/katalog", timeoutSeconds: 30)
        await allowed.shutdown()
        await refused.shutdown()
        await anonymous.shutdown()
        #expect((try? ok.get().status) == 200, "\(ok)")
        guard case .failure(.http(403, let reason)) = forbidden else { Issue.record("\(forbidden)"); return }
        #expect(reason?.contains("may not get /katalog") == true, "\(reason ?? "-")")
        guard case .failure(.http(401, _)) = unauthorized else { Issue.record("\(unauthorized)"); return }
        #expect(throws: ControlError.unreadableFile("--token-file", directory.appendingPathComponent("missing").path)) {
            _ = try AsyncHTTPFetcher(credentials: FetchCredentials(tokenFile: directory.appendingPathComponent("missing").path))
        }
    }

    @Test func theRuntimeAPIAnswersOnlyWhomRBACAllows() async throws {
        try await TestCluster.run(.cluster) { cluster, namespace in
            let role = "\(namespace)-control-viewer"
            let viewer = try await Self.token(cluster, namespace: namespace, account: "control")
            let other = try await Self.token(cluster, namespace: namespace, account: "other")
            _ = try await cluster.client.create(Self.clusterRoles, namespace: nil, [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": ["name": .string(role)],
                "rules": [["nonResourceURLs": ["/katalog", "/katalog/*"], "verbs": ["get"]]],
            ])
            _ = try await cluster.client.create(Self.clusterRoleBindings, namespace: nil, [
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": ["name": .string(role)],
                "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(role)],
                "subjects": [["kind": "ServiceAccount", "name": "control", "namespace": .string(namespace)]],
            ])
            var started: RuntimeHarness?
            do {
                let access = try #require(APIAccessSettings(mode: .kubernetes).access(client: cluster.client))
                var katalog = try RuntimeHarness.load(example: "website")
                katalog.crds[0].namespace = nil
                let harness = try await RuntimeHarness.start(katalog, cluster: cluster, namespace: namespace, http: true, access: access)
                started = harness
                let port = try #require(harness.httpPort.value)

                let (anonymous, challenge) = try await Self.get(port, "/katalog", token: nil)
                #expect(anonymous == 401 && challenge == "Bearer", "\(anonymous) \(challenge ?? "-")")
                #expect(try await Self.get(port, "/katalog", token: "not-a-token").0 == 401)
                #expect(try await Self.get(port, "/katalog/website", token: other).0 == 403)
                // The binding reaches the API server's RBAC cache within moments.
                var seen = 0
                #expect(try await eventually {
                    seen = try await Self.get(port, "/katalog/website", token: viewer).0
                    return seen == 200
                }, "\(seen)")
                #expect(try await Self.get(port, "/katalog", token: viewer).0 == 200)
                for open in ["/healthz", "/readyz", "/metrics"] {
                    #expect(try await Self.get(port, open, token: nil).0 == 200, "\(open)")
                }
                try await Self.controlCenterFetches(port: port, viewer: viewer, other: other)
            } catch {
                await started?.stop()
                _ = try? await cluster.client.delete(Self.clusterRoleBindings, namespace: nil, name: role)
                _ = try? await cluster.client.delete(Self.clusterRoles, namespace: nil, name: role)
                throw error
            }
            await started?.stop()
            _ = try? await cluster.client.delete(Self.clusterRoleBindings, namespace: nil, name: role)
            _ = try? await cluster.client.delete(Self.clusterRoles, namespace: nil, name: role)
        }
    }
}
