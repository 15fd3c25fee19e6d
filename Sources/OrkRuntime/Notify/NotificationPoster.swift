import AsyncHTTPClient
import FoundationEssentials
import NIOCore
import OrkAPI
import OrkKatalog
import OrkValue

/// Why a post to `/notify` failed; permanent failures (the gateway refused the notification itself:
/// 400, 404, 413) are not retried.
struct NotifyPostError: Error, Sendable, CustomStringConvertible {
    var message: String
    var isPermanent: Bool
    var description: String { message }
}

/// Posts one notification and returns the gateway's receipt.
protocol NotificationPoster: Sendable {
    func post(_ event: NotificationEvent) async throws(NotifyPostError) -> NotifyReceipt
}

/// `POST <gateway>/notify` with `Authorization: Bearer <token>`, the token read from its file at
/// every post (projected ServiceAccount tokens are rotated by the kubelet). The token is bound to the
/// audience `orkestra-gateway`: the API server refuses it, so one read off the cluster network opens
/// nothing but `/notify`. 5 s per attempt.
struct GatewayNotifyPoster: NotificationPoster {
    static let timeout = TimeAmount.seconds(5)
    /// The receipt is small; a larger answer is not read.
    static let maxAnswerBytes = 64 * 1024

    let url: String
    let tokenFile: String
    let client: HTTPClient

    init(gatewayEndpoint: String, tokenFile: String, client: HTTPClient = .shared) {
        let base = gatewayEndpoint.hasSuffix("/") ? String(gatewayEndpoint.dropLast()) : gatewayEndpoint
        self.url = base + "/notify"
        self.tokenFile = tokenFile
        self.client = client
    }

    func post(_ event: NotificationEvent) async throws(NotifyPostError) -> NotifyReceipt {
        guard let token = (try? String(contentsOfFile: tokenFile, encoding: .utf8))?.trimmingWhitespace(),
              !token.isEmpty else {
            throw NotifyPostError(message: "no token to authenticate with in \(tokenFile) (ORK_NOTIFY_TOKEN_FILE): mount a projected "
                                  + "ServiceAccount token with audience \(OrkNames.notifyAudience) there, as the chart does", isPermanent: false)
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.body = .bytes(ByteBuffer(string: event.json.serialized()))
        let status: Int
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: Self.timeout)
            status = Int(response.status.code)
            body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        } catch {
            throw NotifyPostError(message: "POST \(url): \(error)", isPermanent: false)
        }
        let text = String(buffer: body)
        guard status == 202 else {
            throw NotifyPostError(message: "POST \(url): \(status) \(text.prefix(300))", isPermanent: [400, 404, 413].contains(status))
        }
        do {
            return try DocumentDecoder.decode(NotifyReceipt.self, from: try JSONValue.parse(bytes: body.readableBytesView, maxDepth: 16))
        } catch {
            throw NotifyPostError(message: "POST \(url): the receipt is not one: \(error)", isPermanent: false)
        }
    }
}
