import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import OrkStats
import OrkValue

/// Posts `{"text": …}` to Slack incoming webhooks; subject and text are escaped (`SlackText`), so
/// nothing in a notification becomes a mention or a link.
public final class SlackChannel: NotificationChannel {
    let client: HTTPClient
    let timeout: Duration

    public init(timeout: Duration = .seconds(5)) {
        self.client = HTTPClient(eventLoopGroupProvider: .singleton)
        self.timeout = timeout
    }

    public func shutdown() async { try? await client.shutdown() }

    public func send(_ text: String, subject: String, to recipient: String) async throws {
        var request = HTTPClientRequest(url: recipient)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        let body: JSONValue = ["text": .string("*\(SlackText.escaped(subject))*\n\(SlackText.escaped(text))")]
        request.body = .bytes(ByteBuffer(string: body.serialized()))
        let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout.milliseconds)))
        _ = try await response.body.collect(upTo: 64 << 10)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw DeliveryError("Slack answered HTTP \(response.status.code)")
        }
    }
}
