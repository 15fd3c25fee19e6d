import Foundation
@testable import OrkKube
import OrkTestSupport
import OrkValue

/// Access to the real API server started by `scripts/kube-local up` (tests run when
/// ORK_KUBE_INTEGRATION=1 and KUBECONFIG point at it; scripts/test sets both).
enum LiveCluster {
    static let enabled = ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"

    static func config() throws -> KubeConfig {
        guard let config = try KubeConfigLoader(environment: ProcessInfo.processInfo.environment).resolve() else {
            throw KubeConfigError("ORK_KUBE_INTEGRATION=1 but no KUBECONFIG: run `eval $(scripts/kube-local env)`")
        }
        return config
    }

    static func client(qps: Double = 200, burst: Int = 400, retry: RetryPolicy = .init()) throws -> KubeClient {
        var config = try config()
        config.qps = qps
        config.burst = burst
        return try KubeClient(config: config, retry: retry)
    }

    static let namespaces = APIResource(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)

    /// A fresh namespace for one test, deleted afterwards.
    static func withNamespace(_ kube: KubeClient, _ body: (String) async throws -> Void) async throws {
        let name = "ork-it-\(UInt32.random(in: 0...UInt32.max))"
        _ = try await kube.create(namespaces, namespace: nil, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        do {
            try await body(name)
        } catch {
            _ = try? await kube.delete(namespaces, namespace: nil, name: name)
            throw error
        }
        _ = try? await kube.delete(namespaces, namespace: nil, name: name)
    }

    /// Runs kubectl (`ORK_KUBECTL`, else /usr/bin/kubectl) and returns its standard output.
    static func kubectl(_ arguments: [String], input: String? = nil) throws -> String {
        try runKubectl(arguments, input: input)
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws -> Bool {
        try await OrkTestSupport.eventually(timeout: timeout, condition)
    }
}
