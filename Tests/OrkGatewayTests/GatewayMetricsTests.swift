import OrkAPI
import Foundation
import Logging
import OrkKatalog
import OrkStats
import OrkValue
import Testing
@testable import OrkGateway

/// The gateway's `/metrics` is recorded where decisions are made: a webhook answer moves its
/// counter and latency histogram, the notifier counts its outcomes, and every series of the
/// Katalog's enabled webhooks is there at zero before the first request.
struct GatewayMetricsTests {
    static func metrics(_ api: GatewayAPI) async -> String {
        await api.respond(method: "GET", path: "/metrics", query: "").body
    }

    @Test func aValidationDenialIsCountedAndTimed() async throws {
        let api = try WebhookTests.api("website")
        let before = await Self.metrics(api)
        #expect(before.contains(#"orkestra_webhook_requests_total{crd="website",webhook="validation",result="denied"} 0"#))
        #expect(before.contains(#"orkestra_webhook_duration_seconds_count{crd="website",webhook="validation"} 0"#))
        let body = WebhookTests.admission("CREATE", group: "demo.orkestra.io", version: "v1", resource: "websites", kind: "Website",
                                          name: "blog", object: WebhookTests.website(image: "nginx:latest", replicas: 3))
        #expect(api.webhook(method: "POST", path: "/validate", body: body).status == 200)
        let after = await Self.metrics(api)
        #expect(after.contains(#"orkestra_webhook_requests_total{crd="website",webhook="validation",result="denied"} 1"#))
        #expect(after.contains(#"orkestra_webhook_requests_total{crd="website",webhook="validation",result="allowed"} 0"#))
        #expect(after.contains(#"orkestra_webhook_duration_seconds_count{crd="website",webhook="validation"} 1"#))
        #expect(after.contains(#"orkestra_gateway_info{katalog=""#))
        // The JSON stats saw the same decision.
        #expect(api.fleet.stats.snapshot().crds["website"]?.validation.denied == 1)
    }

    @Test func notifierOutcomesAreCounted() async throws {
        let gateway = GatewayMetrics()
        var limits = NotifyLimits()
        limits.queueDeliveries = 2
        // Not running: nothing drains the queue. Each event for "platform" needs two slots (Slack and email).
        let notifier = Notifier(settings: NotifierTests.settings(interval: KatalogDuration(milliseconds: 0)),
                                slack: NotifierTests.RecordingChannel(), email: NotifierTests.RecordingChannel(), limits: limits,
                                metrics: NotifierMetrics(factory: gateway.factory), logger: NotifierTests.logger)
        _ = notifier.submit(NotificationEvent(event: "a", teams: ["platform"], message: "m"))
        _ = notifier.submit(NotificationEvent(event: "b", teams: ["platform"], message: "m"))
        let text = gateway.exposition(katalog: "k", pod: "p")
        #expect(text.contains(#"orkestra_notifications_total{result="dropped"} 1"#))
        #expect(text.contains(#"orkestra_notifications_total{result="sent"} 0"#))
    }

    /// The families the Go original's PromQL selects: refusals by resource, conversions by kind and
    /// versions (a version the CRD does not serve is `other`, never the request's text).
    @Test func blockedDeletionsAndConversionsByTheirLabels() async throws {
        let platform = try WebhookTests.api("platform")
        let labelled: JSONValue = ["metadata": ["name": "db", "namespace": "team-a",
                                                "labels": [.init(stringLiteral: GatewayNames.protectionLabel): "true"]]]
        for _ in 0..<3 {
            _ = platform.webhook(method: "POST", path: "/deletion-protection", body: WebhookTests.admission(
                "DELETE", group: "apps", version: "v1", resource: "deployments", kind: "Deployment", name: "db", object: nil,
                oldObject: labelled))
        }
        _ = platform.webhook(method: "POST", path: "/deletion-protection", body: WebhookTests.admission(
            "DELETE", group: "apiextensions.k8s.io", version: "v1", resource: "customresourcedefinitions",
            kind: "CustomResourceDefinition", name: "databases.platform.orkestra.io", namespace: nil, object: nil))
        let blocked = await Self.metrics(platform)
        #expect(blocked.contains(#"orkestra_deletion_protection_blocked_total{resource="deployments.apps"} 3"#))
        #expect(blocked.contains(#"orkestra_deletion_protection_blocked_total{resource="databases.platform.orkestra.io"} 1"#))

        let website = try WebhookTests.api("website")
        let old: JSONValue = ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website", "metadata": ["name": "blog"],
                              "spec": ["title": "Hello"]]
        for desired in ["demo.orkestra.io/v1", "demo.orkestra.io/v1", "demo.orkestra.io/v9"] {
            _ = website.webhook(method: "POST", path: "/convert", body: WebhookTests.conversionReview(desired, [old]))
        }
        let converted = await Self.metrics(website)
        #expect(converted.contains(#"orkestra_conversion_requests_total{kind="Website",source_version="v1alpha1",target_version="v1"} 2"#))
        #expect(converted.contains(#"orkestra_conversion_requests_total{kind="Website",source_version="v1alpha1",target_version="other"} 1"#))
    }
}
