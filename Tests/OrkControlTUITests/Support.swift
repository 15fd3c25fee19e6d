import Foundation
import OrkControlTUI
import Synchronization
import Testing

/// Test inputs: the runtime API's golden bodies (Tests/OrkRuntimeTests/Golden/api, the exact
/// bodies of docs/api.md) and the recorded gateway responses (Fixtures/gateway).
enum TestFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// The JSON body of a runtime golden file (after its request and status lines).
    static func runtime(_ name: String) throws -> [UInt8] {
        let url = directory.deletingLastPathComponent().appendingPathComponent("OrkRuntimeTests/Golden/api/\(name).txt")
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let split = text.range(of: "\n\n") else { throw TestFailure("\(name).txt has no blank line before its body") }
        return Array(text[split.upperBound...].utf8)
    }

    /// A recorded gateway response with its placeholders filled.
    static func gateway(_ name: String, replica: String = "a") throws -> [UInt8] {
        let base = directory.appendingPathComponent("Fixtures/gateway")
        let specific = base.appendingPathComponent("\(name)@\(replica).json")
        let url = FileManager.default.fileExists(atPath: specific.path) ? specific : base.appendingPathComponent("\(name).json")
        var text = try String(contentsOf: url, encoding: .utf8)
        for (key, value) in [("SELF_POD", "orkestra-gateway-5f7b9-abcde"), ("SELF_IP", "10.42.0.21"),
                             ("REPLICA_A_URL", "http://10.42.0.21:8080"), ("REPLICA_B_URL", "http://10.42.0.22:8080")] {
            text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return Array(text.utf8)
    }

    /// The fleet view with replica B unreachable (as a gateway reports a peer that timed out).
    static func fleetWithUnreachableReplica() throws -> [UInt8] {
        guard var fleet = try JSONSerialization.jsonObject(with: Data(gateway("katalog"))) as? [String: Any],
              var replicas = fleet["replicas"] as? [[String: Any]], replicas.count == 2 else {
            throw TestFailure("the recorded fleet view has not two replicas")
        }
        replicas[1]["reachable"] = false
        replicas[1]["error"] = "timeout after 1s"
        replicas[1]["totals"] = NSNull()
        fleet["replicas"] = replicas
        return Array(try JSONSerialization.data(withJSONObject: fleet, options: [.sortedKeys]))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Answers from a table of URLs; each call to a URL takes the next latency of its list (cycling).
final class FakeFetcher: HTTPFetcher {
    struct Route: Sendable {
        var answer: Result<[UInt8], FetchFailure>
        var latencies: [Double]
        /// The status a successful answer carries (a 503 with a body is only a response to callers
        /// that accept it).
        var status = 200
    }

    private let routes: Mutex<[String: Route]>
    private let calls = Mutex<[String: Int]>([:])
    private let log = Mutex<[String]>([])

    init(_ routes: [String: Route] = [:]) {
        self.routes = Mutex(routes)
    }

    func set(_ url: String, _ answer: Result<[UInt8], FetchFailure>, latencies: [Double] = [12], status: Int = 200) {
        routes.withLock { $0[url] = Route(answer: answer, latencies: latencies, status: status) }
    }

    func count(_ url: String) -> Int { calls.withLock { $0[url] ?? 0 } }

    /// Every URL asked, in the order asked.
    var asked: [String] { log.withLock { $0 } }

    func get(_ url: String, timeoutSeconds: Double) async -> Result<FetchResponse, FetchFailure> {
        await get(url, timeoutSeconds: timeoutSeconds, alsoAccepting: [])
    }

    func get(_ url: String, timeoutSeconds: Double, alsoAccepting statuses: Set<Int>) async -> Result<FetchResponse, FetchFailure> {
        log.withLock { $0.append(url) }
        let call = calls.withLock { calls -> Int in
            calls[url, default: 0] += 1
            return calls[url, default: 1] - 1
        }
        guard let route = routes.withLock({ $0[url] }) else {
            return .failure(.http(status: 404, message: "no fake answer for \(url)"))
        }
        let latency = route.latencies.isEmpty ? 1 : route.latencies[call % route.latencies.count]
        guard (200..<300).contains(route.status) || statuses.contains(route.status) else {
            return .failure(.http(status: route.status, message: nil))
        }
        return route.answer.map { FetchResponse(status: route.status, body: $0, latencyMs: latency) }
    }
}

/// A clock the tests move.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The state every view test renders: three runtimes (one degraded leader with a gateway, one
/// standby, one refusing connections), the gateway's fleet with one replica timing out, an extra
/// gateway that times out, four polls of history, and the website CRD's detail documents.
enum Scenario {
    static let runtimeA = "http://10.42.0.17:8080"
    static let runtimeB = "http://10.42.1.9:8080"
    static let runtimeC = "http://10.42.2.5:8080"
    static let gateway = "http://orkestra-gateway.orkestra-system.svc:8080"
    static let extraGateway = "http://10.42.9.9:8080"

    static let start: Date = (try? Date("2026-05-29T15:05:20Z", strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)

    static func fetcher() throws -> FakeFetcher {
        let fetcher = FakeFetcher()
        fetcher.set(runtimeA + "/katalog", .success(try TestFiles.runtime("katalog")), latencies: [12, 18, 9, 40])
        fetcher.set(runtimeB + "/katalog", .success(try TestFiles.runtime("starting-katalog-follower")), latencies: [30, 25, 33, 28])
        fetcher.set(runtimeC + "/katalog", .failure(.refused("connection refused")))
        fetcher.set(gateway + "/katalog", .success(try TestFiles.fleetWithUnreachableReplica()), latencies: [5, 7, 6, 5])
        fetcher.set(extraGateway + "/katalog", .failure(.timeout(seconds: 2)))
        fetcher.set(runtimeA + "/katalog/website", .success(try TestFiles.runtime("crd-website")))
        fetcher.set(runtimeA + "/katalog/website/health", .success(try TestFiles.runtime("health-website")))
        fetcher.set(runtimeA + "/katalog/website/cr?limit=500", .success(try TestFiles.runtime("cr-list-website")))
        fetcher.set(runtimeA + "/katalog/website/cr/shop/alpha", .success(try TestFiles.runtime("cr-website-alpha")))
        fetcher.set(runtimeA + "/katalog/website/cr/shop/alpha/events", .success(try TestFiles.runtime("events-website-alpha")))
        fetcher.set(gateway + "/katalog/website", .success(try TestFiles.gateway("katalog_website")))
        return fetcher
    }

    /// Polls four times, 5 s apart, with the website CRD's documents focused; returns the state and
    /// the time to render it at (3 s after the last poll).
    static func state() async throws -> (ControlState, Date) {
        let clock = TestClock(start)
        let poller = Poller(runtimeURLs: [runtimeA, runtimeB, runtimeC], gatewayURLs: [extraGateway],
                            fetcher: try fetcher(), options: PollOptions(), now: { clock.now })
        await poller.setFocus([
            .crdDetail(runtime: runtimeA, crd: "website"), .crdHealth(runtime: runtimeA, crd: "website"),
            .crList(runtime: runtimeA, crd: "website"),
            .resourceDetail(runtime: runtimeA, crd: "website", namespace: "shop", name: "alpha"),
            .gatewayCRD(gateway: gateway, crd: "website"),
        ])
        for round in 0..<4 {
            if round > 0 { clock.advance(5) }
            await poller.pollFleet()
            await poller.pollFocus()
        }
        clock.advance(3)
        return (await poller.state, clock.now)
    }
}
