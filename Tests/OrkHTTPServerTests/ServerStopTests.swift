import Testing

/// Every server stopped while connections arrive: it stops and no longer listens, and the process
/// survives — NIO traps on a connection it accepted but the server never took when the serving
/// task is cancelled; `ServerLifetime` (and the sandbox's stop) shut down gracefully instead.
@Suite struct ServerStopTests {
    @Test(arguments: ServerKind.allCases)
    func stoppingWhileConnectionsArriveNeitherTrapsNorKeepsListening(_ kind: ServerKind) async throws {
        let probe = RawRequest("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        for _ in 0..<3 {
            let server = try await TestServers.start(kind)
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<32 {
                    group.addTask { _ = await RawHTTPClient.exchange(server.target, probe, timeout: .seconds(20)) }
                }
                group.addTask { await server.stop() }
            }
            let after = await RawHTTPClient.exchange(server.target, probe, timeout: .seconds(20))
            #expect(after.status == nil, "\(kind) still answers after it stopped: \(after.outcome)")
        }
    }
}
