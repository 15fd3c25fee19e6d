import OrkMetrics
import Testing
@testable import OrkRuntime

/// `ork generate dashboards`: every metric the runtime dashboard queries is a family the runtime
/// exports (a renamed family breaks this test, not a user's dashboard).
@Suite struct RuntimeDashboardTests {
    @Test func everyQueriedMetricIsExported() {
        let inspector = FakeInspector.standard()
        let exposition = inspector.metrics.exposition(inspector.snapshot())
        let names = DashboardQueries.metricNames(GrafanaDashboards.runtimePanels,
                                                 extra: ["label_values(\(RuntimeMetricFamilies.reconciles), crd)"])
        #expect(Set(names).count >= 15, "the dashboard reads most families")
        #expect(DashboardQueries.missing(names, in: exposition) == [])
        #expect(DashboardQueries.missing(["orkestra_reconcile_seconds_bucket"], in: exposition) == ["orkestra_reconcile_seconds_bucket"],
                "a name the runtime does not export is found missing")
    }

    @Test func theDashboardsAreDeterministicJSON() throws {
        let first = GrafanaDashboards.files(), second = GrafanaDashboards.files()
        #expect(first.map(\.name) == ["orkestra-runtime.json", "orkestra-gateway.json"])
        #expect(first.map(\.json) == second.map(\.json))
        #expect(first.allSatisfy { $0.json.contains("\"uid\": \"${datasource}\"") })
    }
}
