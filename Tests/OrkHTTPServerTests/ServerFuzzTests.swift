import Foundation
import OrkGateway
import OrkHTTPServer
import OrkRuntime
import OrkSandbox
import OrkValue
import Synchronization
import Testing

/// Random requests over real sockets at each server (`ORK_FUZZ_ITERATIONS` per server, 300 by
/// default; scripts/test runs 10,000): the server lives, and every answer is a 2xx or a 4xx/5xx
/// with a JSON body. A connection closed without an answer is allowed only for requests over a
/// limit (huge or too many headers, 64 KiB segments, a body that never arrives), or for one that
/// took longer than the read deadline to send (a starved client on a loaded machine: the server
/// closing it then is the deadline working, not a failure).
@Suite(.serialized) struct ServerFuzzTests {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["ORK_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300
    }

    /// The server's own limits with short timeouts, so requests that never finish end quickly.
    static func limits(_ kind: ServerKind) -> ServerLimits {
        var limits = switch kind {
        case .runtime: RuntimeHTTPServer.defaultLimits
        case .gatewayHTTP: GatewayLimits.http
        case .gatewayHTTPS: GatewayLimits.webhooks
        case .sandbox: SandboxServer.defaultLimits
        }
        limits.readHeaderTimeout = readDeadline
        limits.readBodyTimeout = readDeadline
        limits.idleTimeout = .seconds(5)
        return limits
    }

    struct Tally: Sendable {
        var statuses: [Int: Int] = [:]
        var closedOverLimit = 0
        var failures: [String] = []
    }

    @Test(arguments: ServerKind.allCases) func randomRequestsGetJSONErrorsOr2xx(_ kind: ServerKind) async throws {
        raiseOpenFileLimit()
        let server = try await TestServers.start(kind, limits: Self.limits(kind))
        let total = Self.iterations
        let workers = 8
        let tally = Locked(Tally())
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var generator = RequestGenerator(kind: kind, seed: 0x5EED_0000 &+ UInt64(worker) &* 7919 &+ UInt64(kind.rawValue.count))
                    for index in stride(from: worker, to: total, by: workers) {
                        let fuzz = generator.next()
                        let answer = await RawHTTPClient.exchange(server.target, fuzz.request, timeout: .seconds(60))
                        let verdict = Self.judge(answer, fuzz, readDeadline: Self.readDeadline)
                        tally.withLock { tally in
                            if let status = answer.status, answer.outcome == .answered { tally.statuses[status, default: 0] += 1 }
                            if answer.outcome == .closed, fuzz.overLimit { tally.closedOverLimit += 1 }
                            if let verdict, tally.failures.count < 20 { tally.failures.append("#\(index) \(fuzz.summary): \(verdict)") }
                        }
                    }
                }
            }
        }
        let result = tally.value
        let healthPath = kind == .gatewayHTTPS ? "/validate" : "/healthz"
        let alive = await RawHTTPClient.exchange(server.target, RawRequest("GET \(healthPath) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        await server.stop()
        print("fuzz \(kind): \(total) requests, statuses \(result.statuses.sorted { $0.key < $1.key }), closed by a limit \(result.closedOverLimit)")
        #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "\n"))")
        #expect(alive.outcome == .answered && (alive.status ?? 0) < 500, "the server still answers: \(alive.outcome) \(alive.status ?? 0)")
    }

    /// The shorter of the read-header and read-body timeouts set by ``limits(_:)``.
    static let readDeadline = Duration.seconds(2)

    /// Nil when the answer is acceptable, else why not.
    static func judge(_ answer: RawExchange, _ fuzz: FuzzRequest, readDeadline: Duration) -> String? {
        switch answer.outcome {
        case .timedOut:
            return "no answer in 60 s"
        case .closed:
            if fuzz.overLimit || answer.elapsed >= readDeadline { return nil }
            return "closed without an answer after \(answer.elapsed) (status \(answer.status.map(String.init) ?? "none"))"
        case .answered:
            guard let status = answer.status else { return "no status" }
            if (200..<300).contains(status) { return nil }
            guard (400..<600).contains(status) else { return "status \(status)" }
            guard let type = answer.header("Content-Type"), type.contains("json") else {
                return "\(status) with Content-Type \(answer.header("Content-Type") ?? "none")"
            }
            if fuzz.request.head.starts(with: Array("HEAD ".utf8)) { return nil }
            do {
                _ = try JSONValue.parse(bytes: answer.body)
                return nil
            } catch {
                return "\(status) body is not JSON: \(String(decoding: answer.body.prefix(200), as: UTF8.self))"
            }
        }
    }
}

/// A value shared by concurrent tasks.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<T>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
    var value: Value { mutex.withLock { $0 } }
}
