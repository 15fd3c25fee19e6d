import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing
@testable import OrkHTTPServer

struct ServerLimitsTests {
    @Test func defaultsAreValidAndDocumented() throws {
        let limits = ServerLimits()
        try limits.check()
        #expect(limits.readHeaderTimeout == .seconds(10) && limits.readBodyTimeout == .seconds(30) && limits.idleTimeout == .seconds(120))
        #expect(limits.maxConnections == 1024 && limits.acceptCeiling == 2048)
        #expect(limits.maxBodyBytes == 1 << 20 && limits.maxConcurrentRequests == 64 && limits.retryAfterSeconds == 1)
        #expect(ServerLimits(maxConnections: .max).acceptCeiling == .max, "no overflow")
    }

    @Test func nonsenseValuesAreRefusedByName() {
        #expect(throws: ServerLimitsError("readHeaderTimeout must be positive, not 0.0 seconds")) {
            try ServerLimits(readHeaderTimeout: .zero).check()
        }
        #expect(throws: ServerLimitsError("maxConcurrentRequests must be positive, not -1")) {
            try ServerLimits(maxConcurrentRequests: -1).check()
        }
        #expect(throws: ServerLimitsError("maxHeaderFieldSize (2048) is larger than maxHeaderListSize (1024)")) {
            try ServerLimits(maxHeaderFieldSize: 2048, maxHeaderListSize: 1024).check()
        }
    }

    @Test func theHTTP1ConfigurationCarriesTheLimits() {
        let limits = ServerLimits(idleTimeout: .seconds(7), maxHeaderFieldSize: 100, maxHeaderListSize: 200, maxHeaderFieldCount: 3)
        let listener = GuardedListener(limits: limits, errors: .plain, logger: Logger(label: "test"))
        let http1 = listener.http1
        #expect(http1.idleTimeout == .seconds(7))
        #expect(http1.httpDecoder.maxHeaderFieldSize == 100 && http1.httpDecoder.maxHeaderListSize == 200
                && http1.httpDecoder.maxHeaderFieldCount == 3)
        let handlers = http1.additionalChannelHandlers()
        #expect(handlers.count == 1 && handlers.first is ConnectionLimitsHandler)
        #expect(http1.additionalChannelHandlers().first !== handlers.first, "one handler per connection")
        #expect(listener.configuration(host: "127.0.0.1", port: 0, serverName: "t").availableConnectionsDelegate != nil)
    }

    @Test func byteCountsReadLikeTheDocs() {
        #expect(GuardedListener.bytes(3_670_016) == "3.5 MiB")
        #expect(GuardedListener.bytes(1 << 20) == "1 MiB")
        #expect(GuardedListener.bytes(64 << 10) == "64 KiB")
        #expect(GuardedListener.bytes(100) == "100 bytes")
    }

    @Test func errorBodiesAreEscapedJSON() {
        #expect(ErrorDocument.plain.render(400, "a \"b\"\n\u{0}") == "{\"error\":\"a \\\"b\\\"\\n\\u0000\"}\n")
    }

    static func request(_ path: String, contentLength: String? = nil) -> Request {
        var head = HTTPRequest(method: .post, scheme: nil, authority: "x", path: path)
        if let contentLength { head.headerFields[.contentLength] = contentLength }
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test func admissionRefusesLargeDeclaredBodiesAndRequestsOverTheLimit() async throws {
        let listener = GuardedListener(limits: ServerLimits(maxBodyBytes: 10, maxConcurrentRequests: 1, retryAfterSeconds: 2),
                                       errors: .plain, unlimitedPaths: ["healthz"], logger: Logger(label: "test"))
        let large = await listener.admit(Self.request("/x", contentLength: "11")) { _ in Response(status: .ok) }
        #expect(large.status.code == 413)
        let malformed = await listener.admit(Self.request("/x", contentLength: "-1")) { _ in Response(status: .ok) }
        #expect(malformed.status.code == 400)
        let (inside, release) = AsyncStream<Void>.makeStream()
        let (held, hold) = AsyncStream<Void>.makeStream()
        let holder = Task {
            await listener.admit(Self.request("/x", contentLength: "10")) { _ in
                release.yield()
                for await _ in held { break }
                return Response(status: .ok)
            }
        }
        for await _ in inside { break }
        let busy = await listener.admit(Self.request("/x")) { _ in Response(status: .ok) }
        #expect(busy.status.code == 429 && busy.headers[.retryAfter] == "2" && busy.headers[.contentType] == "application/json")
        let probe = await listener.admit(Self.request("/healthz")) { _ in Response(status: .ok) }
        #expect(probe.status.code == 200, "probes are not counted")
        hold.yield()
        #expect(await holder.value.status.code == 200)
        #expect(listener.requests.inFlight == 0)
    }

    /// Accepts exactly `Bearer good`, and records what it was given.
    final class OneTokenAuthorizer: RequestAuthorizer {
        let seen = Mutex<[String?]>([])
        func authorize(method: String, path: String, authorization: String?) async -> AccessDecision {
            seen.withLock { $0.append(authorization) }
            return authorization == "Bearer good" ? .allowed : .refused(status: 401, message: "no")
        }
    }

    @Test func theCredentialIsReadFromAuthorizationElseFromTheForwardedHeader() async {
        let authorizer = OneTokenAuthorizer()
        let listener = GuardedListener(limits: ServerLimits(), errors: .plain, authorizer: authorizer, openPaths: ["healthz"],
                                       logger: Logger(label: "test"))
        func request(_ headers: [(String, String)]) -> Request {
            var head = HTTPRequest(method: .get, scheme: nil, authority: "x", path: "/katalog")
            for (name, value) in headers { if let field = HTTPField.Name(name) { head.headerFields[field] = value } }
            return Request(head: head, body: .init(buffer: ByteBuffer()))
        }
        let proxied = await listener.admit(request([("X-Orkestra-Authorization", "Bearer good")])) { _ in Response(status: .ok) }
        #expect(proxied.status.code == 200)
        let direct = await listener.admit(request([("Authorization", "Bearer good")])) { _ in Response(status: .ok) }
        #expect(direct.status.code == 200)
        // Authorization wins when both are sent: the forwarded copy never overrides a direct caller's own.
        let both = await listener.admit(request([("Authorization", "Bearer bad"), ("X-Orkestra-Authorization", "Bearer good")])) { _ in
            Response(status: .ok)
        }
        #expect(both.status.code == 401)
        let anonymous = await listener.admit(request([])) { _ in Response(status: .ok) }
        #expect(anonymous.status.code == 401)
        #expect(authorizer.seen.withLock { $0 } == ["Bearer good", "Bearer good", "Bearer bad", nil])
    }

    static func request(_ path: String, chunks: [String]) -> Request {
        let head = HTTPRequest(method: .post, scheme: nil, authority: "x", path: path)
        let body = RequestBody(asyncSequence: AsyncStream<ByteBuffer> { continuation in
            for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
            continuation.finish()
        })
        return Request(head: head, body: body)
    }

    @Test func bodiesAreCappedAndHeldWithinTheListenersByteBudget() async {
        let listener = GuardedListener(limits: ServerLimits(maxBodyBytes: 10, maxBufferedBodyBytes: 15, retryAfterSeconds: 4),
                                       errors: .plain, logger: Logger(label: "test"))
        let read = await listener.withBody(Self.request("/x", chunks: ["abc", "def"])) { bytes in
            #expect(bytes == Array("abcdef".utf8))
            #expect(listener.bodyBytes.inUse == 6, "held while answering")
            return Response(status: .ok)
        }
        #expect(read.status.code == 200 && listener.bodyBytes.inUse == 0)
        let large = await listener.withBody(Self.request("/x", chunks: ["123456", "78901"])) { _ in Response(status: .ok) }
        #expect(large.status.code == 413 && listener.bodyBytes.inUse == 0, "no Content-Length: refused while reading")
        let nested = await listener.withBody(Self.request("/x", chunks: ["0123456789"])) { _ in
            await listener.withBody(Self.request("/y", chunks: ["0123456789"])) { _ in Response(status: .ok) }
        }
        #expect(nested.status.code == 429 && nested.headers[.retryAfter] == "4", "a body that does not fit the budget")
        #expect(listener.bodyBytes.inUse == 0)
    }
}
