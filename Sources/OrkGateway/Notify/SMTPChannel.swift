import Foundation
import NIOCore
import NIOPosix

/// Sends email through an SMTP relay (`SMTP_HOST`, `SMTP_PORT`, `SMTP_FROM`, optional
/// `SMTP_USER`/`SMTP_PASS` with AUTH PLAIN). Plain SMTP: meant for a relay inside the cluster or
/// on the node; there is no STARTTLS.
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

    /// From `SMTP_*`; nil when `SMTP_HOST` is not set (email is then not configured).
    public static func fromEnvironment(_ environment: [String: String]) -> SMTPChannel? {
        guard let host = environment["SMTP_HOST"], !host.isEmpty else { return nil }
        return SMTPChannel(host: host, port: environment["SMTP_PORT"].flatMap(Int.init) ?? 25,
                           from: environment["SMTP_FROM"] ?? "orkestra@localhost",
                           username: environment["SMTP_USER"], password: environment["SMTP_PASS"])
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
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(inbound.makeAsyncIterator())
            func expect(_ codes: Set<Int>, after command: String?) async throws {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (code, text) = try await replies.next()
                guard codes.contains(code) else {
                    throw DeliveryError("SMTP \(host):\(port) answered \(code) \(text) to \(command.map { $0.split(separator: " ").first.map(String.init) ?? $0 } ?? "the greeting")")
                }
            }
            try await expect([220], after: nil)
            try await expect([250], after: "EHLO orkestra-gateway")
            if let username, let password {
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                try await expect([235], after: "AUTH PLAIN \(token)")
            }
            try await expect([250], after: "MAIL FROM:<\(from)>")
            try await expect([250, 251], after: "RCPT TO:<\(recipient)>")
            try await expect([354], after: "DATA")
            try await expect([250], after: Self.message(text, subject: subject, from: from, to: recipient) + "\r\n.")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// Headers and body, CRLF line ends, lines starting with "." doubled (RFC 5321 §4.5.2).
    static func message(_ text: String, subject: String, from: String, to: String) -> String {
        let body = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        let cleanSubject = subject.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return (["From: \(from)", "To: \(to)", "Subject: \(cleanSubject)", "Content-Type: text/plain; charset=utf-8", ""] + body)
            .joined(separator: "\r\n")
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
            if let range = pending.range(of: "\r\n") {
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
