import TestRandom
import Foundation
import OrkKube
import OrkSandbox
import OrkValue
import Synchronization

/// Where a conformance test runs: the embedded sandbox (always) or the real kube-apiserver of
/// scripts/kube-local (when ORK_KUBE_INTEGRATION=1). The same test must pass on both; a
/// difference is a sandbox bug unless the test says why it is expected.
public enum ConformanceTarget: String, CaseIterable, CustomStringConvertible, Sendable {
    case sandbox, cluster

    public var description: String { rawValue }

    public static var available: [ConformanceTarget] {
        ProcessInfo.processInfo.environment["ORK_KUBE_INTEGRATION"] == "1" ? [.sandbox, .cluster] : [.sandbox]
    }
}

/// A running API server for one test, and a client for it.
public struct TestCluster: Sendable {
    public let target: ConformanceTarget
    public let config: KubeConfig
    public let client: KubeClient
    public let kubeconfigPath: String
    public let sandbox: SandboxServer?

    public static let namespaces = APIResource(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    public static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)
    public static let crds = APIResource(group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
                                  kind: "CustomResourceDefinition", namespaced: false)

    public static func start(_ target: ConformanceTarget, qps: Double = 500, burst: Int = 500,
                      retry: RetryPolicy = .init()) async throws -> TestCluster {
        switch target {
        case .sandbox:
            let server = SandboxServer(store: try SandboxStore())
            try await server.start()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ork-sandbox-\(UUID().uuidString).kubeconfig").path
            try Data(server.kubeconfig().utf8).write(to: URL(fileURLWithPath: path))
            let config = KubeConfig(server: server.url, credentials: .token(server.faults.token), source: "sandbox",
                                    qps: qps, burst: burst)
            return TestCluster(target: target, config: config, client: try KubeClient(config: config, retry: retry),
                               kubeconfigPath: path, sandbox: server)
        case .cluster:
            guard var config = try KubeConfigLoader(environment: ProcessInfo.processInfo.environment).resolve() else {
                throw KubeConfigError("ORK_KUBE_INTEGRATION=1 but no KUBECONFIG: run `eval $(scripts/kube-local env)`")
            }
            config.qps = qps
            config.burst = burst
            let path = ProcessInfo.processInfo.environment["KUBECONFIG"] ?? ""
            return TestCluster(target: target, config: config, client: try KubeClient(config: config, retry: retry),
                               kubeconfigPath: path, sandbox: nil)
        }
    }

    public func stop() async {
        await client.shutdown()
        if let sandbox {
            await sandbox.stop()
            try? FileManager.default.removeItem(atPath: kubeconfigPath)
        }
    }

    /// Runs `body` with a fresh namespace, then removes it and stops the cluster's client.
    public static func run(_ target: ConformanceTarget, qps: Double = 500,
                    _ body: (TestCluster, String) async throws -> Void) async throws {
        let cluster = try await start(target, qps: qps)
        let name = "ork-it-\(UInt32.random(in: 0...UInt32.max))"
        do {
            _ = try await cluster.client.create(namespaces, namespace: nil,
                                                ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
            try await body(cluster, name)
        } catch {
            _ = try? await cluster.client.delete(namespaces, namespace: nil, name: name)
            await cluster.stop()
            throw error
        }
        _ = try? await cluster.client.delete(namespaces, namespace: nil, name: name)
        await cluster.stop()
    }

    /// Runs kubectl against this cluster.
    public func kubectl(_ arguments: [String], input: String? = nil) throws -> String {
        try runKubectl(["--kubeconfig", kubeconfigPath] + arguments, input: input)
    }

    public static var kubectlAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: ProcessInfo.processInfo.environment["ORK_KUBECTL"] ?? "/usr/bin/kubectl")
    }
}

/// Runs kubectl (`ORK_KUBECTL`, else /usr/bin/kubectl) and returns its standard output; a
/// non-zero exit throws with its standard error.
public func runKubectl(_ arguments: [String], input: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["ORK_KUBECTL"] ?? "/usr/bin/kubectl")
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
public func eventually(timeout: Duration = .seconds(120), _ condition: () async throws -> Bool) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

public func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> KubeResponse {
    KubeResponse(status: status, headers: headers, body: Array(value.serialized().utf8))
}

/// A transport that answers the first `failures` requests with `status` before passing requests
/// on: a local faulty proxy for retry tests.
public final class FaultyTransport: KubeTransport {
    public let inner: any KubeTransport
    public let status: Int
    private let remaining: Mutex<Int>

    public init(inner: any KubeTransport, status: Int, failures: Int) {
        self.inner = inner
        self.status = status
        self.remaining = .init(failures)
    }

    public func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        let fail = remaining.withLock { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        if fail {
            let reason = status == 429 ? "TooManyRequests" : "ServiceUnavailable"
            return json(status, ["kind": "Status", "code": .int(status), "reason": .string(reason), "message": "injected"],
                        headers: status == 429 ? [("Retry-After", "1")] : [])
        }
        return try await inner.send(request)
    }

    public func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse { try await inner.stream(request) }
    public func shutdown() async { await inner.shutdown() }
}

/// The shared seeded generator (TestRandom), under the name the test targets use.
public typealias SplitMix64 = TestRandom.SplitMix64

extension SplitMix64 {
    /// A number in 0..<n (n > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    public mutating func oneIn(_ n: Int) -> Bool { below(n) == 0 }
}
