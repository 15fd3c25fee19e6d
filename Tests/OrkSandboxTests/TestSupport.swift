import Testing
import OrkValue
@testable import OrkSandbox
#if canImport(Glibc)
import Glibc
#endif

/// Resources the tests use.
enum Res {
    static let namespaces = SandboxResource(group: "", version: "v1", plural: "namespaces", kind: "Namespace", namespaced: false)
    static let configMaps = SandboxResource(group: "", version: "v1", plural: "configmaps", kind: "ConfigMap", namespaced: true)
    static let secrets = SandboxResource(group: "", version: "v1", plural: "secrets", kind: "Secret", namespaced: true)
    static let services = SandboxResource(group: "", version: "v1", plural: "services", kind: "Service", namespaced: true)
    static let pods = SandboxResource(group: "", version: "v1", plural: "pods", kind: "Pod", namespaced: true)
    static let deployments = SandboxResource(group: "apps", version: "v1", plural: "deployments", kind: "Deployment", namespaced: true)
    static let replicaSets = SandboxResource(group: "apps", version: "v1", plural: "replicasets", kind: "ReplicaSet", namespaced: true)
    static let jobs = SandboxResource(group: "batch", version: "v1", plural: "jobs", kind: "Job", namespaced: true)
    static let cronJobsBeta = SandboxResource(group: "batch", version: "v1beta1", plural: "cronjobs", kind: "CronJob", namespaced: true)
    static let clusterRoles = SandboxResource(group: "rbac.authorization.k8s.io", version: "v1", plural: "clusterroles", kind: "ClusterRole", namespaced: false)
    static let leases = SandboxResource(group: "coordination.k8s.io", version: "v1", plural: "leases", kind: "Lease", namespaced: true)
    static let crds = SandboxResource(group: "apiextensions.k8s.io", version: "v1", plural: "customresourcedefinitions",
                                      kind: "CustomResourceDefinition", namespaced: false)
    static let widgetsV1 = SandboxResource(group: "example.com", version: "v1", plural: "widgets", kind: "Widget", namespaced: true)
    static let widgetsV1beta1 = SandboxResource(group: "example.com", version: "v1beta1", plural: "widgets", kind: "Widget", namespaced: true)
}

/// A ConfigMap body.
func configMap(_ name: String, namespace: String? = nil, labels: [String: String] = [:], data: [String: String] = [:],
               extraMetadata: [String: JSONValue] = [:]) -> JSONValue {
    var metadata: [String: JSONValue] = ["name": .string(name)]
    if let namespace { metadata["namespace"] = .string(namespace) }
    if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
    for (key, value) in extraMetadata { metadata[key] = value }
    var object: [String: JSONValue] = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": .object(metadata)]
    if !data.isEmpty { object["data"] = .object(data.mapValues { .string($0) }) }
    return .object(object)
}

func deployment(_ name: String, replicas: Int = 1) -> JSONValue {
    ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)],
     "spec": ["replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]],
              "template": ["metadata": ["labels": ["app": .string(name)]], "spec": ["containers": [["name": "c", "image": "nginx"]]]]]]
}

/// The widgets CRD: v1 (storage, status subresource) and v1beta1 (served, no subresource).
func widgetCRD(scope: String = "Namespaced", v1beta1Served: Bool = true) -> JSONValue {
    let schema: JSONValue = ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]
    return [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.example.com"],
        "spec": [
            "group": "example.com", "scope": .string(scope),
            "names": ["plural": "widgets", "kind": "Widget", "shortNames": ["wd"]],
            "versions": [
                ["name": "v1", "served": true, "storage": true, "schema": schema, "subresources": ["status": [:]]],
                ["name": "v1beta1", "served": .bool(v1beta1Served), "storage": false, "schema": schema],
            ],
        ],
    ]
}

func widget(_ name: String, version: String = "v1", spec: JSONValue = ["size": 1], extraMetadata: [String: JSONValue] = [:]) -> JSONValue {
    var metadata: [String: JSONValue] = ["name": .string(name)]
    for (key, value) in extraMetadata { metadata[key] = value }
    return ["apiVersion": .string("example.com/\(version)"), "kind": "Widget", "metadata": .object(metadata), "spec": spec]
}

func ownerReference(_ owner: JSONValue, block: Bool = false, controller: Bool = false) -> JSONValue {
    ["apiVersion": owner["apiVersion"] ?? "v1", "kind": owner["kind"] ?? "", "name": .string(owner.objectName),
     "uid": .string(owner.objectUID), "blockOwnerDeletion": .bool(block), "controller": .bool(controller)]
}

/// The error a call throws, or nil when it succeeds.
func failure<T>(_ body: () async throws -> T) async -> SandboxError? {
    do {
        _ = try await body()
        return nil
    } catch let error as SandboxError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// Collects a watch stream's events in the background.
actor EventLog {
    private(set) var events: [SandboxWatchEvent] = []
    private(set) var finished = false
    private var task: Task<Void, Never>?

    init(_ stream: AsyncStream<SandboxWatchEvent>) {
        let log = self
        Task { await log.start(stream) }
    }

    private func start(_ stream: AsyncStream<SandboxWatchEvent>) {
        task = Task {
            for await event in stream { self.append(event) }
            self.finish()
        }
    }

    private func append(_ event: SandboxWatchEvent) { events.append(event) }
    private func finish() { finished = true }

    func stop() { task?.cancel() }

    /// Waits until at least `count` events arrived (or `seconds` passed: a failure's bound, wide
    /// because a loaded 2-core machine can leave the consumer unscheduled for tens of seconds) and
    /// returns them all.
    func waitFor(_ count: Int, seconds: Double = 120) async -> [SandboxWatchEvent] {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while events.count < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return events
    }

    /// Waits until the stream ended (or `seconds` passed: a failure's bound).
    func waitForEnd(seconds: Double = 120) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while !finished && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return finished
    }

    /// The events once `until` holds for them. Gives up after 120 s so a broken test fails instead of hanging.
    func settled(until done: ([SandboxWatchEvent]) -> Bool) async -> [SandboxWatchEvent] {
        let deadline = ContinuousClock.now + .seconds(120)
        while !done(events) && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return events
    }

    /// Every event of the stream, once it ended. End it first (`store.dropAllWatches()` after the
    /// writes): the store fills a watch's stream as it commits, so this is exactly what it sent,
    /// however late a loaded machine runs the consumer (a quiet period would prove nothing).
    func untilEnd() async -> [SandboxWatchEvent] {
        _ = await waitForEnd()
        return events
    }
}

extension Array where Element == SandboxWatchEvent {
    /// `TYPE name` per event, for compact assertions.
    var summary: [String] { map { "\($0.type) \($0.object.objectName)" } }
}

/// A fresh temporary directory.
func temporaryDirectory() -> String {
    var template = Array("/tmp/ork-sandbox-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer -> String in
        guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return "/tmp/ork-sandbox-test-fallback" }
        return String(cString: result)
    }
    return path
}

func removeDirectory(_ path: String) {
    guard let handle = opendir(path) else { return }
    while let entry = readdir(handle) {
        let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
        if name != "." && name != ".." { unlink(path + "/" + name) }
    }
    closedir(handle)
    rmdir(path)
}
