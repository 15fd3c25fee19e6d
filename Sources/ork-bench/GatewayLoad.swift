import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OrkStats
import OrkValue

/// `ork-bench gateway --url https://127.0.0.1:PORT`: validate latency at a fixed request rate over
/// TLS (open loop: each request is timed from when it was due, so a stall counts), then the time to
/// convert ConversionReviews of 100 objects. Uses the website example's CRD.
struct GatewayLoad {
    var url: String
    var rate = 1_000
    var seconds = 10.0
    var conversions = 200

    static let admission: [UInt8] = {
        let review: JSONValue = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": [
            "uid": "bench", "operation": "CREATE", "name": "blog", "namespace": "bench",
            "kind": ["group": "demo.orkestra.io", "version": "v1alpha1", "kind": "Website"],
            "resource": ["group": "demo.orkestra.io", "version": "v1alpha1", "resource": "websites"],
            "object": ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "metadata": ["name": "blog", "namespace": "bench"],
                       "spec": ["image": "nginx:1.27", "replicas": 3, "title": "Hello"]],
        ]]
        return Array(review.serialized().utf8)
    }()

    static let conversion: [UInt8] = {
        let objects: [JSONValue] = (0..<100).map { index in
            ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "metadata": ["name": .string("site-\(index)")],
             "spec": ["image": "nginx:1.27", "replicas": 2, "title": .string("Site \(index)")]]
        }
        let review: JSONValue = ["apiVersion": "apiextensions.k8s.io/v1", "kind": "ConversionReview",
                                 "request": ["uid": "bench", "desiredAPIVersion": "demo.orkestra.io/v1", "objects": .array(objects)]]
        return Array(review.serialized().utf8)
    }()

    func request(_ path: String, _ body: [UInt8]) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    func run() async throws -> Int32 {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none  // a latency benchmark against a self-signed local gateway
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        defer { _ = client.shutdown() }
        let validate = request("/validate", Self.admission)
        // Warm the connections up.
        for _ in 0..<200 { _ = try await client.execute(validate, timeout: .seconds(5)).body.collect(upTo: 1 << 20) }

        let total = Int(Double(rate) * seconds)
        let interval = Duration.nanoseconds(1_000_000_000 / max(1, rate))
        let clock = ContinuousClock()
        let start = clock.now
        let (latencies, failures) = await withTaskGroup(of: Double?.self) { group -> ([Double], Int) in
            for index in 0..<total {
                let due = start + interval * index
                try? await clock.sleep(until: due)
                group.addTask {
                    do {
                        let response = try await client.execute(validate, timeout: .seconds(5))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status == .ok else { return nil }
                        return (clock.now - due).milliseconds
                    } catch {
                        return nil
                    }
                }
            }
            var latencies: [Double] = [], failures = 0
            for await result in group {
                if let result { latencies.append(result) } else { failures += 1 }
            }
            return (latencies, failures)
        }
        let elapsed = (clock.now - start).milliseconds / 1000
        print(String(format: "validate over TLS at %d req/s for %.0f s (%d requests, %.0f req/s achieved): p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  failures %d   (goal p99 ≤ 2 ms)",
                     rate, seconds, total, Double(latencies.count) / elapsed, Self.percentile(latencies, 0.5),
                     Self.percentile(latencies, 0.99), Self.percentile(latencies, 0.999), failures))

        let convert = request("/convert", Self.conversion)
        var conversionTimes: [Double] = []
        for _ in 0..<conversions {
            let begin = clock.now
            let response = try await client.execute(convert, timeout: .seconds(5))
            _ = try await response.body.collect(upTo: 16 << 20)
            conversionTimes.append((clock.now - begin).milliseconds)
        }
        print(String(format: "conversion of 100 objects (%d reviews): p50 %.3f ms  p99 %.3f ms   (goal p99 ≤ 10 ms)", conversions,
                     Self.percentile(conversionTimes, 0.5), Self.percentile(conversionTimes, 0.99)))
        return 0
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}
