import Foundation
import OrkControlTUI
import Testing

/// The real HTTP fetcher's failure classes against local sockets.
@Suite struct FetcherTests {
    /// A TCP port on 127.0.0.1 that is listening (backlog only, never accepting) or closed.
    final class LocalSocket {
        let descriptor: Int32
        let port: Int

        init(listen: Bool) throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(descriptor)
                throw TestFailure("bind failed")
            }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
            port = Int(UInt16(bigEndian: address.sin_port))
            if listen { Glibc.listen(descriptor, 16) }
        }

        deinit { close(descriptor) }
    }

    @Test func refusedWhenNothingListens() async throws {
        let fetcher = try AsyncHTTPFetcher()
        let port = try LocalSocket(listen: false).port  // bound then closed: nothing listens there
        let result = await fetcher.get("http://127.0.0.1:\(port)/katalog", timeoutSeconds: 2)
        await fetcher.shutdown()
        #expect(result.failure == .refused("connection refused"))
    }

    @Test func timeoutWhenTheServerNeverAnswers() async throws {
        let socket = try LocalSocket(listen: true)
        let fetcher = try AsyncHTTPFetcher(connectTimeoutSeconds: 0.5)
        let result = await fetcher.get("http://127.0.0.1:\(socket.port)/katalog", timeoutSeconds: 0.5)
        await fetcher.shutdown()
        #expect(result.failure == .timeout(seconds: 0.5))
        withExtendedLifetime(socket) {}
    }

    @Test func dnsWhenTheHostDoesNotResolve() async throws {
        let fetcher = try AsyncHTTPFetcher()
        let result = await fetcher.get("http://no-such-host.invalid:8080/katalog", timeoutSeconds: 2)
        await fetcher.shutdown()
        #expect(result.failure?.reason == "DNS")
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
