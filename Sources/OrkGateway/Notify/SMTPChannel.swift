import FoundationEssentials
import OrkValue
import NIOCore
import NIOPosix

/// Sends email through an SMTP relay, with optional AUTH PLAIN. Plain SMTP: meant for a relay
/// inside the cluster or on the node; there is no STARTTLS. Its settings come from
/// `GatewayConfiguration` (`SMTP_*` and the Katalog's credentials), never from the environment here.
public struct SMTPChannel: NotificationChannel {
    public var host: String
    public var port: Int
    public var from: String
    public var username: String?
    public var password: String?
    public var timeout: Duration

    public init(host: String, port: Int = 25, from: String, username: String? = nil, password: String? = nil,
                timeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.from = from
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    public func send(_ text: String, subject: String, to recipient: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await deliver(text, subject: subject, to: recipient) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw DeliveryError("SMTP \(host):\(port) did not finish within \(timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    func deliver(_ text: String, subject: String, to recipient: String) async throws {
        // Built (and the addresses checked) before connecting: a refused address never reaches the relay.
        let message = try SMTPMessage(from: from, to: recipient, subject: subject, text: text)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(inbound.makeAsyncIterator())
            func expect(_ codes: Set<Int>, after command: String?, what: String = "the greeting") async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (code, text) = try await replies.next()
                guard codes.contains(code) else {
                    throw DeliveryError("SMTP \(host):\(port) answered \(code) \(text) to \(command.map { $0.split(separator: " ").first.map(String.init) ?? $0 } ?? what)")
                }
            }
            try await expect([220], after: nil)
            try await expect([250], after: "EHLO orkestra-gateway")
            if let username, let password {
                let token = Base64.encode("\u{0}\(username)\u{0}\(password)".utf8)
                try await expect([235], after: "AUTH PLAIN \(token)")
            }
            try await expect([250], after: "MAIL FROM:<\(message.from)>")
            try await expect([250, 251], after: "RCPT TO:<\(message.to)>")
            try await expect([354], after: "DATA")
            try await outbound.write(ByteBuffer(bytes: message.data))
            try await expect([250], after: nil, what: "the message")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }
}

/// Reads SMTP replies (`250-…` continuation lines up to the final `250 …`) from a byte stream.
struct SMTPReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    mutating func line() async throws -> String {
        while true {
            if let range = pending.firstRange(of: "\r\n") {
                let line = String(pending[..<range.lowerBound])
                pending.removeSubrange(..<range.upperBound)
                return line
            }
            guard let buffer = try await iterator.next() else { throw DeliveryError("the SMTP server closed the connection") }
            pending += String(buffer: buffer)
            if pending.utf8.count > 64 << 10 { throw DeliveryError("the SMTP server sent a reply line longer than 64 KiB") }
        }
    }

    mutating func next() async throws -> (Int, String) {
        while true {
            let line = try await line()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw DeliveryError("not an SMTP reply: \(line.prefix(80))") }
            let rest = line.dropFirst(3)
            if rest.first == "-" { continue }
            return (code, String(rest.dropFirst()))
        }
    }
}
