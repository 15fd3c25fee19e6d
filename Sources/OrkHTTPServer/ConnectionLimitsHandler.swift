import HTTPTypes
import Logging
import NIOCore
import NIOHTTPTypes

/// One per connection, after HTTP decoding (Hummingbird's `additionalChannelHandlers`):
/// - closes the connection when a request head (or, once the head is in, the request body) does
///   not arrive in time (``ReadDeadlines``); on a TLS listener the head deadline covers the handshake;
/// - answers a connection over the listener's ``ConnectionGate`` capacity 503 with `Retry-After`
///   and closes it;
/// - gives the body-less errors the HTTP layer writes itself (a 400 for a head it cannot parse)
///   the server's JSON error body.
package final class ConnectionLimitsHandler: ChannelDuplexHandler, RemovableChannelHandler {
    package typealias InboundIn = HTTPRequestPart
    package typealias InboundOut = HTTPRequestPart
    package typealias OutboundIn = HTTPResponsePart
    package typealias OutboundOut = HTTPResponsePart

    let limits: ServerLimits
    let gate: ConnectionGate
    let errors: ErrorDocument
    let logger: Logger
    private var deadlines = ReadDeadlines()
    private var scheduled: Scheduled<Void>?
    private var counted = false
    private var overCapacity = false
    private var rejecting = false
    /// The JSON body owed to a body-less error response, written before its end.
    private var owedBody: ByteBuffer?

    package init(limits: ServerLimits, gate: ConnectionGate, errors: ErrorDocument, logger: Logger) {
        self.limits = limits
        self.gate = gate
        self.errors = errors
        self.logger = logger
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        overCapacity = !gate.enter()
        if context.channel.isActive { apply(deadlines.started(), context) }
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        cancelDeadline()
        leaveGate()
    }

    private func leaveGate() {
        if counted {
            counted = false
            gate.leave()
        }
    }

    package func channelActive(context: ChannelHandlerContext) {
        apply(deadlines.started(), context)
        context.fireChannelActive()
    }

    package func channelInactive(context: ChannelHandlerContext) {
        cancelDeadline()
        leaveGate()
        context.fireChannelInactive()
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if rejecting { return }
        switch part {
        case .head:
            if overCapacity {
                reject(context)
                return
            }
            apply(deadlines.readHead(), context)
        case .body:
            break
        case .end:
            apply(deadlines.readEnd(), context)
        }
        context.fireChannelRead(data)
    }

    package func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if head.status.code >= 400, head.headerFields[.contentType] == nil,
               head.headerFields[.contentLength] == "0" || head.headerFields[.contentLength] == nil {
                let body = ByteBuffer(string: errors.render(head.status.code, Self.message(for: head.status.code, limits)))
                head.headerFields[.contentType] = errors.contentType
                head.headerFields[.contentLength] = String(body.readableBytes)
                owedBody = body
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            if let body = owedBody {
                owedBody = nil
                context.write(wrapOutboundOut(.body(body)), promise: nil)
            }
            context.write(data, promise: promise)
            apply(deadlines.wroteEnd(), context)
        }
    }

    /// The message of a body-less error made below the responder.
    static func message(for status: Int, _ limits: ServerLimits) -> String {
        if status == 400 {
            return "the request could not be parsed: malformed, or its head is over the limits "
                + "(\(limits.maxHeaderListSize) bytes of headers, \(limits.maxHeaderFieldSize) per field, \(limits.maxHeaderFieldCount) fields)"
        }
        return HTTPResponse.Status(code: status).reasonPhrase
    }

    /// Over the connection cap: 503 with `Retry-After`, then close.
    private func reject(_ context: ChannelHandlerContext) {
        rejecting = true
        cancelDeadline()
        logger.debug("connection over the cap refused", metadata: ["capacity": "\(gate.capacity)"])
        let body = ByteBuffer(string: errors.render(
            503, "the server has \(gate.capacity) connections open, its limit; retry in \(limits.retryAfterSeconds) s"))
        let head = HTTPResponse(status: .serviceUnavailable, headerFields: [
            .contentType: errors.contentType, .contentLength: String(body.readableBytes),
            .retryAfter: String(limits.retryAfterSeconds), .connection: "close", .cacheControl: "no-store",
        ])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func apply(_ action: ReadDeadlines.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .keep:
            return
        case .cancel:
            cancelDeadline()
        case .awaitHead:
            arm(limits.readHeaderTimeout, "request head", context)
        case .awaitBody:
            arm(limits.readBodyTimeout, "request body", context)
        }
    }

    private func arm(_ timeout: Duration, _ what: String, _ context: ChannelHandlerContext) {
        cancelDeadline()
        guard !rejecting else { return }
        scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { [self] in
            scheduled = nil
            logger.debug("closing a connection: no complete \(what) in \(timeout)")
            context.close(promise: nil)
        }
    }

    private func cancelDeadline() {
        scheduled?.cancel()
        scheduled = nil
    }
}

@available(*, unavailable)
extension ConnectionLimitsHandler: Sendable {}
