import Foundation
import OrkCore
@testable import OrkKube

/// Access to the real API server started by `scripts/kube-local up` (tests run when
/// ORK_KUBE_INTEGRATION=1 and KUBECONFIG point at it; scripts/test sets both).
enum LiveCluster {
    static let enabled = ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1"

    static func config() throws -> KubeConfig {
        guard let config = try KubeConfigLoader().resolve() else {
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

    /// Runs kubectl (`ORK_KUBECTL`, else `kubectl`) and returns its standard output.
    static func kubectl(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        let path = ProcessInfo.processInfo.environment["ORK_KUBECTL"] ?? "/usr/bin/kubectl"
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw KubeConfigError("kubectl \(arguments.joined(separator: " ")) failed: \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// A transport that fails the first `failures` requests with `status` before passing requests to
/// the real server: a local faulty proxy for retry tests.
final class FaultyTransport: KubeTransport {
    let inner: any KubeTransport
    let status: Int
    private let remaining: Synchronization.Mutex<Int>

    init(inner: any KubeTransport, status: Int, failures: Int) {
        self.inner = inner
        self.status = status
        self.remaining = .init(failures)
    }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let fail = remaining.withLock { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if fail {
            return json(status, statusBody(status, reason: status == 429 ? "TooManyRequests" : "ServiceUnavailable",
                                           message: "injected"), headers: status == 429 ? [("Retry-After", "1")] : [])
        }
        return try await inner.send(request)
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse { try await inner.stream(request) }
    func shutdown() async { await inner.shutdown() }
}

import Synchronization
