import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// One HTTP exchange over a real socket, written byte for byte (so malformed requests reach the
/// server as they are), with the body streamed from a generator so huge bodies cost the client
/// no memory. The answer is parsed as it arrives; the client stops sending once it is complete.
struct RawExchange: Sendable {
    enum Outcome: Sendable, Equatable {
        /// A complete answer.
        case answered
        /// The server closed the connection before a complete answer.
        case closed
        /// No answer within the client's own deadline.
        case timedOut
    }

    var outcome: Outcome
    var status: Int?
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    /// From before the connection was opened until the outcome (set by `RawHTTPClient.exchange`).
    var elapsed: Duration = .zero

    func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }
}

/// Where and how to connect: plain TCP, or TLS without certificate checks (the servers' own
/// certificates are tested elsewhere).
struct RawTarget: Sendable {
    let host: String
    let port: Int
    let tls: NIOSSLContext?

    static func plain(_ port: Int) -> RawTarget { RawTarget(host: "127.0.0.1", port: port, tls: nil) }

    static func tls(_ port: Int) throws -> RawTarget {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return RawTarget(host: "127.0.0.1", port: port, tls: try NIOSSLContext(configuration: configuration))
    }

    /// A connected channel whose inbound bytes go to `collector`.
    func connect(_ collector: ResponseCollector) async throws -> any Channel {
        let tls = self.tls
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: host, port: port).get()
    }
}

/// The request: its head bytes as written, and a body produced chunk by chunk.
struct RawRequest: Sendable {
    var head: [UInt8]
    var bodyChunks: Int = 0
    var chunk: @Sendable (Int) -> [UInt8] = { _ in [] }

    init(_ head: String, body: [UInt8] = []) {
        self.head = Array(head.utf8)
        if !body.isEmpty {
            bodyChunks = 1
            chunk = { _ in body }
        }
    }

    init(head: [UInt8], body: [UInt8]) {
        self.head = head
        if !body.isEmpty {
            bodyChunks = 1
            chunk = { _ in body }
        }
    }

    /// A request with a generated body of `count` chunks.
    init(head: String, chunks count: Int, chunk: @escaping @Sendable (Int) -> [UInt8]) {
        self.head = Array(head.utf8)
        self.bodyChunks = count
        self.chunk = chunk
    }
}

enum RawHTTPClient {
    /// Sends `request` and waits for the answer, the server closing, or `timeout`.
    static func exchange(_ target: RawTarget, _ request: RawRequest, timeout: Duration = .seconds(30)) async -> RawExchange {
        let collector = ResponseCollector(headOnly: request.head.starts(with: Array("HEAD ".utf8)))
        let clock = ContinuousClock()
        let started = clock.now
        let channel: any Channel
        do {
            channel = try await target.connect(collector)
        } catch {
            return RawExchange(outcome: .closed, elapsed: clock.now - started)
        }
        let writer = Task {
            do {
                try await channel.writeAndFlush(ByteBuffer(bytes: request.head)).get()
                for index in 0..<request.bodyChunks {
                    if collector.isFinished { break }
                    try await channel.writeAndFlush(ByteBuffer(bytes: request.chunk(index))).get()
                }
            } catch {
                // The server stopped reading (it answered early or closed): the answer tells.
            }
        }
        var result = await collector.wait(timeout: timeout)
        result.elapsed = clock.now - started
        writer.cancel()
        try? await channel.close().get()
        return result
    }
}

/// Collects a response's bytes and completes when a whole response (head and `Content-Length`
/// body) has arrived or the connection closed.
final class ResponseCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private struct State {
        var bytes: [UInt8] = []
        var result: RawExchange?
        var waiter: CheckedContinuation<RawExchange, Never>?
    }

    private let state = Mutex(State())
    /// The answer to a HEAD request has no body whatever its `Content-Length`.
    let headOnly: Bool

    init(headOnly: Bool = false) {
        self.headOnly = headOnly
    }

    var isFinished: Bool { state.withLock { $0.result != nil } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let complete = state.withLock { state -> Bool in
            guard state.result == nil else { return false }
            state.bytes.append(contentsOf: buffer.readableBytesView)
            if let exchange = Self.parse(state.bytes, final: false, headOnly: headOnly) {
                state.result = exchange
                return true
            }
            return false
        }
        if complete { resume() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.withLock { state in
            if state.result == nil {
                state.result = Self.parse(state.bytes, final: true, headOnly: headOnly) ?? RawExchange(outcome: .closed)
            }
        }
        resume()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func resume() {
        let (waiter, result) = state.withLock { state in
            defer { if state.result != nil { state.waiter = nil } }
            return (state.waiter, state.result)
        }
        if let waiter, let result { waiter.resume(returning: result) }
    }

    func wait(timeout: Duration) async -> RawExchange {
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.state.withLock { state in
                if state.result == nil { state.result = RawExchange(outcome: .timedOut) }
            }
            self.resume()
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> RawExchange? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// A complete response in `bytes`, or nil while incomplete (`final`: the connection ended, so a
    /// response without `Content-Length` ends here).
    static func parse(_ bytes: [UInt8], final: Bool, headOnly: Bool = false) -> RawExchange? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.dropLast(3).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) }) else {
            return final && !bytes.isEmpty ? RawExchange(outcome: .closed) : nil
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return RawExchange(outcome: .closed) }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let bodyStart = end + 4
        let available = bytes.count - bodyStart
        var exchange = RawExchange(outcome: .answered, status: status, headers: headers)
        if headOnly { return exchange }
        if let length = exchange.header("Content-Length").flatMap(Int.init) {
            guard available >= length else { return final ? RawExchange(outcome: .closed, status: status, headers: headers) : nil }
            exchange.body = Array(bytes[bodyStart..<(bodyStart + length)])
            return exchange
        }
        // A 2xx without a length is a stream (a watch): its head is the answer.
        if (200..<300).contains(status) { return exchange }
        guard final else { return nil }
        exchange.body = Array(bytes[bodyStart...])
        return exchange
    }
}
