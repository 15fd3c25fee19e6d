import OrkKatalog
import OrkMetrics
import Testing
@testable import OrkGateway

/// Every metric the gateway dashboard queries is a family a gateway exports once each kind of
/// decision has been made.
struct GatewayDashboardTests {
    @Test func everyQueriedMetricIsExported() throws {
        let katalog = try #require(KatalogLoader.load(file: "\(WebhookTests.root)/examples/website/katalog.yaml").katalog)
        let metrics = GatewayMetrics()
        metrics.prepare(katalog, features: GatewayFeatures(security: katalog.security))
        metrics.recordBlocked(resource: "deployments.apps")
        metrics.recordConversion(kind: "Website", sourceVersion: "v1alpha1", targetVersion: "v1")
        _ = NotifierMetrics(factory: metrics.factory)
        let exposition = metrics.exposition(katalog: "k", pod: "p")
        let names = DashboardQueries.metricNames(GrafanaDashboards.gatewayPanels)
        #expect(Set(names).count >= 7)
        #expect(DashboardQueries.missing(names, in: exposition) == [])
    }
}
