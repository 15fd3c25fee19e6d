import Foundation
import OrkStats
import OrkValue
import Testing
@testable import OrkRuntime

/// Pieces of the API: CR readiness, histogram quantiles, routes, queries.
@Suite struct APIUnitTests {
    @Test func crReadinessFromReadyCondition() {
        func readiness(_ status: JSONValue?) -> String {
            let r = ResourceReadiness(status.map { ["status": $0] } ?? [:])
            return "\(r.ready) \(r.reason ?? "-") \(r.message ?? "-")"
        }
        #expect(readiness(nil) == "false Pending -")
        #expect(readiness(["conditions": [["type": "Ready", "status": "True"]]]) == "true - -")
        #expect(readiness(["conditions": [["type": "Ready", "status": "False", "reason": "ValidationFailed", "message": "m"]]])
            == "false ValidationFailed m")
        #expect(readiness(["conditions": [["type": "Ready", "status": "Unknown"]]]) == "false Pending -")
        #expect(readiness(["conditions": "garbage"]) == "false Pending -")
    }

    @Test func quantilesInterpolateInsideBuckets() {
        var histogram = LatencyHistogram()
        #expect(HistogramSummary.quantile(0.5, of: histogram) == nil)
        #expect(HistogramSummary.maximum(of: histogram) == nil)
        for _ in 0..<4 { histogram.record(milliseconds: 7) }   // bucket (5, 10]
        #expect(HistogramSummary.quantile(0.5, of: histogram) == 7.5)
        #expect(HistogramSummary.quantile(1, of: histogram) == 10)
        #expect(HistogramSummary.maximum(of: histogram) == 10)
        #expect(HistogramSummary.mean(of: histogram) == 7)
        histogram.record(milliseconds: 1e9)                   // +Inf bucket
        #expect(HistogramSummary.quantile(0.99, of: histogram) == 60_000)
        #expect(HistogramSummary.maximum(of: histogram) == 60_000)
    }

    @Test func routes() {
        #expect(APIRoute.parse("/katalog") == .katalog)
        #expect(APIRoute.parse("/katalog/") == .katalog)
        #expect(APIRoute.parse("/katalog/x/health") == .crdHealth("x"))
        #expect(APIRoute.parse("/katalog/x/cr/a/b/events") == .cr("x", ["a", "b", "events"]))
        #expect(APIRoute.parse("/katalog/x/cr/a/b/events/more") == nil)
        #expect(APIRoute.parse("/katalog/%zz") == nil)
        #expect(APIRoute.parse("/") == nil)
        #expect(ResourceTarget.resolve(["a", "b"], namespaced: true) == .detail(namespace: "a", name: "b"))
        #expect(ResourceTarget.resolve(["a", "events"], namespaced: false) == .events(namespace: nil, name: "a"))
        #expect(ResourceTarget.resolve(["a"], namespaced: true) == nil)
        #expect(ResourceTarget.resolve(["a", "b"], namespaced: false) == nil)
    }

    @Test func queryDecoding() {
        let query = APIQuery("limit=5&continue=a%2Bb&namespace=my+ns&flag&limit=7")
        #expect(query["limit"] == "7")
        #expect(query["continue"] == "a+b")
        #expect(query["namespace"] == "my ns")
        #expect(query["flag"] == "")
        #expect(query["missing"] == nil)
    }
}
