import Foundation
import OrkKatalog
import OrkKube
import OrkRuntime
import OrkValue

/// Helpers of `scripts/bench runtime` that talk to an API server directly:
///   load:  apply a Katalog's CRDs and create N CRs per CRD (32 at a time), named `<crd key>-<n>` so
///          the children of different CRDs never share a name;
///   ready: wait until every CR has Ready=True, print the seconds it took;
///   edits: patch CRs one by one and time until the Deployment child follows (p50/p99).
struct RuntimeLoad {
    var server: String
    var katalogFile: String
    var crs = 1000
    var namespace = "default"

    /// A client for `server`, or for the current kubeconfig when `server` is `kubeconfig`.
    func client() throws -> KubeClient {
        if server == "kubeconfig" {
            guard var config = try KubeConfigLoader(environment: ProcessInfo.processInfo.environment).resolve() else { throw BootstrapError("no kubeconfig") }
            config.qps = 2000
            config.burst = 2000
            return try KubeClient(config: config)
        }
        return try KubeClient(config: KubeConfig(server: server, source: "bench", qps: 5000, burst: 5000))
    }

    func katalog() throws -> Katalog {
        let result = KatalogLoader.load(file: katalogFile)
        guard let katalog = result.katalog, !result.hasErrors else {
            throw BootstrapError("\(katalogFile) does not load: \(result.errors.map(\.description).joined(separator: "; "))")
        }
        return katalog
    }

    func load() async throws {
        let client = try client()
        let katalog = try katalog()
        _ = try await KatalogBootstrap(katalog: katalog, client: client).applyCRDs()
        let clock = ContinuousClock()
        let start = clock.now
        for entry in katalog.crds {
            let resource = try await client.resource(apiVersion: entry.api.apiVersion, kind: entry.api.kind)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<crs {
                    if index >= 32 { try await group.next() }
                    group.addTask {
                        let object: JSONValue = [
                            "apiVersion": .string(entry.api.apiVersion), "kind": .string(entry.api.kind),
                            "metadata": ["name": .string("\(entry.key)-\(index)"), "namespace": .string(namespace)],
                            "spec": ["image": "nginx:1.27", "replicas": 1],
                        ]
                        _ = try await client.create(resource, namespace: namespace, object)
                    }
                }
                try await group.waitForAll()
            }
        }
        print(String(format: "created %d CRs in %.1f s", crs * katalog.crds.count, (clock.now - start).seconds))
        await client.shutdown()
    }

    /// Polls until every CR of every CRD is Ready=True; prints the count and seconds.
    func waitReady(timeout: Double) async throws {
        let client = try client()
        let katalog = try katalog()
        let clock = ContinuousClock()
        let start = clock.now
        var resources: [APIResource] = []
        for entry in katalog.crds {
            resources.append(try await client.resource(apiVersion: entry.api.apiVersion, kind: entry.api.kind))
        }
        while true {
            var ready = 0, total = 0
            for resource in resources {
                let list = try await client.listAll(resource, namespace: namespace)
                total += list.items.count
                ready += list.items.filter { item in
                    (item.value(atDotted: "status.conditions")?.arrayValue ?? []).contains {
                        $0["type"] == "Ready" && $0["status"] == "True"
                    }
                }.count
            }
            if ready == total, total > 0 {
                print(String(format: "ready %d %.3f", total, (clock.now - start).seconds))
                break
            }
            if (clock.now - start).seconds > timeout {
                print(String(format: "timeout %d/%d ready after %.1f s", ready, total, (clock.now - start).seconds))
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        await client.shutdown()
    }

    /// Edits `samples` CRs of the first CRD one at a time; prints p50/p99/max ms until the child Deployment follows.
    func edits(samples: Int) async throws {
        let client = try client()
        let katalog = try katalog()
        guard let entry = katalog.crds.first else { return }
        let resource = try await client.resource(apiVersion: entry.api.apiVersion, kind: entry.api.kind)
        let deployments = try await client.resource(apiVersion: "apps/v1", kind: "Deployment")
        let clock = ContinuousClock()
        var latencies: [Double] = []
        for index in 0..<samples {
            let name = "\(entry.key)-\(index % max(1, crs))"
            let replicas = 2 + index % 3
            let start = clock.now
            _ = try await client.patch(resource, namespace: namespace, name: name, .merge(["spec": ["replicas": .int(replicas)]]))
            while (clock.now - start).seconds < 30 {
                let child = try? await client.get(deployments, namespace: namespace, name: "\(name)-deployment")
                if child?.value(atDotted: "spec.replicas")?.intValue == replicas { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            latencies.append((clock.now - start).seconds * 1000)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        print(String(format: "edit→child ms: p50 %.1f  p99 %.1f  max %.1f  (%d edits)", percentile(0.5), percentile(0.99),
                     latencies.last ?? 0, latencies.count))
        await client.shutdown()
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
