import Foundation
import OrkKube
import OrkSandbox
import OrkValue

/// The sandbox API server over loopback HTTP, driven by OrkKube: writes/s, reads/s, watch fan-out
/// events/s, and bytes of memory per stored object.
struct SandboxBenchmark {
    var seconds = 3.0
    var concurrency = 16
    var watchers = 20

    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)

    static func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": "default"],
         "data": ["key": .string(String(repeating: "v", count: 64))]]
    }

    func run() async throws -> Int32 {
        let store = try SandboxStore()
        let server = SandboxServer(store: store)
        try await server.start()
        let config = KubeConfig(server: server.url, source: "bench", qps: 1_000_000, burst: 1_000_000)
        let kube = try KubeClient(config: config, retry: .none)
        let clock = ContinuousClock()
        print("sandbox: \(server.url), \(concurrency) concurrent clients, \(Int(seconds)) s per phase, client and server on this machine")

        // Writes.
        let writes = try await timed(clock) { worker, index in
            _ = try await kube.create(Self.configMaps, namespace: "default", Self.configMap("w\(worker)-\(index)"))
        }
        print("  writes: \(Measure.format(writes.rate)) creates/s (\(writes.count) in \(String(format: "%.1f", writes.elapsed)) s; goal ≥ 5,000: \(String(format: "%.1f", writes.rate / 5000))×)")

        // Reads of the objects just written.
        let perWorker = writes.perWorker
        let reads = try await timed(clock) { worker, index in
            let owner = (worker + index) % perWorker.count
            let n = (index * 104_729) % max(perWorker[owner], 1)
            _ = try await kube.get(Self.configMaps, namespace: "default", name: "w\(owner)-\(n)")
        }
        print("  reads: \(Measure.format(reads.rate)) gets/s (\(reads.count); goal ≥ 20,000: \(String(format: "%.1f", reads.rate / 20000))×)")

        // Watch fan-out: `watchers` watches, a burst of writes, events delivered per second.
        let burst = 2_000
        let start = try await kube.list(Self.configMaps, namespace: "default", options: .init(limit: 1)).resourceVersion
        let began = clock.now
        let delivered = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<watchers {
                group.addTask {
                    var seen = 0
                    let stream = try await kube.watch(Self.configMaps, namespace: "default",
                                                      options: .init(resourceVersion: start, timeoutSeconds: 60))
                    for try await event in stream where event.type == .added {
                        seen += 1
                        if seen == burst { break }
                    }
                    return seen
                }
            }
            group.addTask {
                try await withThrowingTaskGroup(of: Void.self) { writers in
                    for worker in 0..<concurrency {
                        writers.addTask {
                            for index in stride(from: worker, to: burst, by: concurrency) {
                                _ = try await kube.create(Self.configMaps, namespace: "default", Self.configMap("f-\(index)"))
                            }
                        }
                    }
                    try await writers.waitForAll()
                }
                return 0
            }
            var total = 0
            for try await count in group { total += count }
            return total
        }
        let fanOut = Double(delivered) / Measure.seconds(clock.now - began)
        print("  watch fan-out: \(watchers) watchers × \(burst) events: \(Measure.format(fanOut)) events/s delivered")

        // Memory per stored object, measured on the store directly (no HTTP or client buffers).
        let memoryStore = try SandboxStore()
        let resource = await memoryStore.resource(group: "", version: "v1", plural: "configmaps")
        let objects = 50_000
        let before = Measure.residentBytes()
        if let resource {
            for index in 0..<objects {
                _ = try await memoryStore.create(resource, namespace: "default", object: Self.configMap("m\(index)"), fieldManager: "bench")
            }
        }
        let after = Measure.residentBytes()
        print("  memory: \(max(after - before, 0) / objects) bytes per stored ConfigMap (RSS delta over \(objects) objects with 64-byte data)")

        await kube.shutdown()
        await server.stop()
        return 0
    }

    struct Phase {
        var perWorker: [Int]
        var elapsed: Double
        var count: Int { perWorker.reduce(0, +) }
        var rate: Double { Double(count) / max(elapsed, 1e-9) }
    }

    /// Runs `operation` from `concurrency` workers until the phase time is spent.
    func timed(_ clock: ContinuousClock, _ operation: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> Phase {
        let deadline = clock.now + .milliseconds(Int64(seconds * 1000))
        let began = clock.now
        let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var done = 0
                    while clock.now < deadline {
                        try await operation(worker, done)
                        done += 1
                    }
                    return (worker, done)
                }
            }
            var perWorker = [Int](repeating: 0, count: concurrency)
            for try await (worker, done) in group where worker < perWorker.count { perWorker[worker] = done }
            return perWorker
        }
        return Phase(perWorker: counts, elapsed: Measure.seconds(clock.now - began))
    }
}
