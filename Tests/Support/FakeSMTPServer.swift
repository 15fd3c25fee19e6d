import NIOCore
import NIOPosix

/// A scripted SMTP server on 127.0.0.1 that records what clients send. Like a real relay it reads
/// lines at the byte level (a line ends at CR LF, nothing else) and counts the messages whose DATA
/// section ended, and every command it was sent.
public actor FakeSMTPServer {
    let channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    public nonisolated let port: Int
    let rcptReply: String
    private var received: [UInt8] = []
    private var task: Task<Void, Never>?
    /// The DATA sections received, each as the lines between "DATA" and ".".
    public private(set) var messages: [[String]] = []
    /// Every command line outside DATA.
    public private(set) var commands: [String] = []

    init(channel: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>, port: Int, rcptReply: String) {
        self.channel = channel
        self.port = port
        self.rcptReply = rcptReply
    }

    public static func start(rcptReply: String = "250 ok") async throws -> FakeSMTPServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child) }
            }
        let server = FakeSMTPServer(channel: channel, port: channel.channel.localAddress?.port ?? 0, rcptReply: rcptReply)
        await server.serve()
        return server
    }

    func serve() {
        let channel = self.channel
        task = Task {
            try? await channel.executeThenClose { clients in
                for try await client in clients { await self.handle(client) }
            }
        }
    }

    func record(_ bytes: [UInt8]) { received += bytes }
    public func transcript() -> String { String(decoding: received, as: UTF8.self) }
    func command(_ line: String) { commands.append(line) }
    func message(_ lines: [String]) { messages.append(lines) }

    func handle(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "220 fake ESMTP\r\n"))
            var pending: [UInt8] = [], inData = false, data: [String] = []
            for try await buffer in inbound {
                let bytes = Array(buffer.readableBytesView)
                await self.record(bytes)
                pending += bytes
                while let end = (0..<max(0, pending.count - 1)).first(where: { pending[$0] == 0x0D && pending[$0 + 1] == 0x0A }) {
                    let line = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    if inData {
                        if line == "." {
                            inData = false
                            await self.message(data)
                            data = []
                            try await outbound.write(ByteBuffer(string: "250 queued\r\n"))
                        } else {
                            data.append(line)
                        }
                        continue
                    }
                    await self.command(line)
                    let reply: String
                    switch line.split(separator: " ").first.map(String.init) ?? "" {
                    case "EHLO": reply = "250-fake\r\n250 AUTH PLAIN"
                    case "AUTH": reply = "235 ok"
                    case "MAIL": reply = "250 ok"
                    case "RCPT": reply = rcptReply
                    case "DATA": reply = "354 go"; inData = true
                    case "QUIT": reply = "221 bye"
                    default: reply = "500 what"
                    }
                    try await outbound.write(ByteBuffer(string: reply + "\r\n"))
                    if line.hasPrefix("QUIT") { return }
                }
            }
        }
    }

    public func stop() async {
        try? await channel.channel.close()
        task?.cancel()
    }
}
