import Foundation
import OrkValue
import OrkTestSupport
import Testing
@testable import OrkGateway

/// The Slack channel posts `{"text": …}` to the webhook URL and reports a non-2xx answer.
struct SlackChannelTests {
    @Test func postsTextAndReportsFailures() async throws {
        let webhook = try await FakeSlackWebhook.start()
        let slack = SlackChannel()
        try await slack.send("3 failures", subject: "[orkestra] warning: e", to: webhook.url)
        let body = try JSONValue.parse(try #require(webhook.posts.first))
        #expect(body["text"] == "*[orkestra] warning: e*\n3 failures")
        await #expect(throws: DeliveryError.self) { try await slack.send("x", subject: "s", to: webhook.brokenURL) }
        await slack.shutdown()
        await webhook.stop()
    }
}
