import HTTPTypes
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import OrkHTTPServer

/// The per-connection handler on an `EmbeddedChannel` whose event loop clock only moves when the
/// test moves it: deadlines, the connection cap and JSON bodies for body-less errors.
struct ConnectionLimitsHandlerTests {
    static let limits = ServerLimits(readHeaderTimeout: .seconds(10), readBodyTimeout: .seconds(30), idleTimeout: .seconds(120),
                                     maxConnections: 2, retryAfterSeconds: 3)

    static func channel(_ gate: ConnectionGate = ConnectionGate(capacity: 2), limits: ServerLimits = limits) throws -> EmbeddedChannel {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let handler = ConnectionLimitsHandler(limits: limits, gate: gate, errors: .plain, logger: logger)
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
        return channel
    }

    static let head = HTTPRequestPart.head(HTTPRequest(method: .post, scheme: nil, authority: "x", path: "/validate"))

    @Test func aConnectionWithoutARequestHeadIsClosedAtTheHeadDeadline() throws {
        let channel = try Self.channel()
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive)
    }

    @Test func aBodyMustEndWithinTheBodyDeadlineOfItsHead() throws {
        let channel = try Self.channel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        try channel.writeInbound(Self.head)
        // The head deadline no longer applies: the body has 30 s from the head.
        channel.embeddedEventLoop.advanceTime(by: .seconds(20))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{")))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(10))
        #expect(!channel.isActive, "a trickling body does not extend the deadline")
    }

    @Test func noDeadlineWhileAnsweringThenTheHeadDeadlineAgain() throws {
        let channel = try Self.channel()
        try channel.writeInbound(Self.head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive, "a slow answer is the server's own business")
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentType: "application/json"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(9_999))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(1))
        #expect(!channel.isActive, "the next head is due within the head deadline of the response's end")
    }

    @Test func anEarlyAnswerKeepsTheBodyDeadline() throws {
        let channel = try Self.channel()
        try channel.writeInbound(Self.head)
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .tooManyRequests, headerFields: [.contentType: "application/json"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test func aConnectionOverTheCapIsAnswered503WithRetryAfterAndClosed() throws {
        let gate = ConnectionGate(capacity: 2)
        let first = try Self.channel(gate)
        let second = try Self.channel(gate)
        let third = try Self.channel(gate)
        #expect(gate.count == 3)
        try third.writeInbound(Self.head)
        #expect(try third.readInbound(as: HTTPRequestPart.self) == nil, "the request never reaches the server")
        guard case .head(let head) = try third.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no response head")
            return
        }
        #expect(head.status.code == 503)
        #expect(head.headerFields[.retryAfter] == "3")
        #expect(head.headerFields[.contentType] == "application/json")
        guard case .body(let body) = try third.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("no response body")
            return
        }
        #expect(String(buffer: body).contains("2 connections open"))
        #expect(head.headerFields[.contentLength] == String(body.readableBytes))
        #expect(!third.isActive)
        #expect(gate.count == 2, "a closed connection leaves the gate")
        try first.writeInbound(Self.head)
        #expect(try first.readInbound(as: HTTPRequestPart.self) != nil, "connections within the cap are served")
        _ = try second.finish()
        #expect(gate.count == 1)
    }

    @Test func aBodylessErrorOfTheHTTPLayerGetsAJSONBody() throws {
        let channel = try Self.channel()
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        guard case .head(let head) = try channel.readOutbound(as: HTTPResponsePart.self),
              case .body(let body) = try channel.readOutbound(as: HTTPResponsePart.self),
              case .end = try channel.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("expected head, body, end")
            return
        }
        #expect(head.headerFields[.contentType] == "application/json")
        #expect(head.headerFields[.contentLength] == String(body.readableBytes))
        #expect(String(buffer: body).hasPrefix("{\"error\":\"the request could not be parsed"))
    }

    @Test func answersWithABodyPassUnchanged() throws {
        let channel = try Self.channel()
        let original = HTTPResponse(status: .notFound, headerFields: [.contentType: "application/json", .contentLength: "2"])
        try channel.writeOutbound(HTTPResponsePart.head(original))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "{}")))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .head(original))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .body(ByteBuffer(string: "{}")))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
    }

    @Test func deadlineStateMachine() {
        var state = ReadDeadlines()
        #expect(state.started() == .awaitHead)
        #expect(state.readHead() == .awaitBody)
        #expect(state.readEnd() == .cancel)
        #expect(state.readHead() == .awaitBody, "a pipelined second request")
        #expect(state.wroteEnd() == .keep, "the first answer ends while the second request is read")
        #expect(state.readEnd() == .cancel)
        #expect(state.wroteEnd() == .awaitHead)
        #expect(state.readEnd() == .keep, "an end without a head changes nothing")
        #expect(state.wroteEnd() == .awaitHead)
        #expect(state.unanswered == 0)
    }
}
