import Foundation
import OrkAPI
import OrkKatalog
import OrkValue
import OrkKube
import Testing
@testable import OrkRuntime

/// Status codes: health per CRD state, probes before and after start-up, 404 and 405, over HTTP.
@Suite struct APIStatusTests {
    static func inspector(state: CRDState) -> FakeInspector {
        var inspector = FakeInspector.standard()
        inspector.fixedSnapshot.crds = inspector.fixedSnapshot.crds.map { crd in
            var crd = crd
            if crd.key == "website" { crd.state = state }
            return crd
        }
        return inspector
    }

    @Test(arguments: [(CRDState.healthy, 200), (.pending, 200), (.degraded, 503), (.notStarted, 503)])
    func healthStatusFollowsState(_ state: CRDState, _ expected: Int) async throws {
        try await APITestServer.with(Self.inspector(state: state)) { server in
            let answer = try await server.get("/katalog/website/health")
            #expect(answer.status == expected)
            let body = try #require(answer.json)
            #expect(body["status"]?.intValue == expected)
            #expect(body["state"]?.stringValue == state.rawValue)
            #expect(body["healthy"]?.boolValue == (expected == 200))
        }
    }

    @Test func katalogStatusCountsDegradedAndNotStartedOnly() async throws {
        var inspector = FakeInspector.standard()
        inspector.fixedSnapshot.crds.removeAll { $0.state == .degraded || $0.state == .notStarted }
        let response = await RuntimeAPI(inspector: inspector).respond(method: "GET", path: "/katalog", query: nil)
        let body = try JSONValue.parse(response.body)
        #expect(response.status == 200)
        #expect(body["healthy"]?.boolValue == true)
        #expect(body["status"]?.intValue == 200)
        #expect(body["degradedReason"] == .null)
    }

    @Test func probesFollowReadiness() async throws {
        try await APITestServer.with(FakeInspector.standard(ready: false)) { server in
            for (path, expected) in [("/healthz", 200), ("/livez", 200), ("/health", 200), ("/readyz", 503),
                                     ("/ready", 503), ("/startup", 503)] {
                let status = try await server.get(path).status
                #expect(status == expected, "\(path)")
            }
        }
        try await APITestServer.with(FakeInspector.standard(ready: true)) { server in
            for path in ["/healthz", "/livez", "/health", "/readyz", "/ready", "/startup"] {
                let status = try await server.get(path).status
                #expect(status == 200, "\(path)")
            }
        }
    }

    @Test func unknownPathsAre404AndOtherMethods405() async throws {
        try await APITestServer.with(FakeInspector.standard()) { server in
            for path in ["/", "/nope", "/katalog/website/extra", "/katalog/website/cr/a/b/c/d", "/metrics/x",
                         "/katalog/website/cr/shop/alpha/logs", "/katalog/tenant/cr/acme/b"] {
                let answer = try await server.get(path)
                #expect(answer.status == 404, "\(path)")
                #expect(answer.json?["error"]?.stringValue != nil, "\(path)")
            }
            for method in ["POST", "PUT", "PATCH", "DELETE"] {
                for path in ["/katalog", "/healthz", "/metrics", "/katalog/website/cr"] {
                    let answer = try await server.request(method, path)
                    #expect(answer.status == 405, "\(method) \(path)")
                    #expect(answer.allow == "GET")
                }
            }
            let unknown = try await server.get("/katalog/nope/cr/shop/x")
            #expect(unknown.status == 404)
        }
    }

    @Test func percentEncodedSegmentsAreDecoded() async throws {
        let api = RuntimeAPI(inspector: FakeInspector.standard(), now: { FakeInspector.now })
        let response = await api.respond(method: "GET", path: "/katalog/web%73ite/cr/sh%6Fp/alpha", query: nil)
        #expect(response.status == 200)
        #expect(try JSONValue.parse(response.body)["name"]?.stringValue == "alpha")
    }

    @Test func slowChildTreeTimesOutWithChildrenError() async throws {
        struct Slow: RuntimeInspector {
            var base = FakeInspector.standard()
            var katalog: Katalog { base.katalog }
            var metrics: RuntimeMetrics { base.metrics }
            func snapshot() -> RuntimeSnapshot { base.snapshot() }
            func customResources(crd: String) -> [JSONValue]? { base.customResources(crd: crd) }
            func customResource(crd: String, namespace: String?, name: String) -> JSONValue? {
                base.customResource(crd: crd, namespace: namespace, name: name)
            }
            func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode] {
                try await Task.sleep(for: .seconds(30))
                return []
            }
            func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event] {
                try await Task.sleep(for: .seconds(30))
                return []
            }
        }
        let api = RuntimeAPI(inspector: Slow(), liveReadTimeout: .milliseconds(200), now: { FakeInspector.now })
        // The slow reads answer after 30 s with no error; "timed out" and the 502 can only come from
        // the 200 ms live-read timeout, so no wall-clock comparison is needed (or load-proof).
        let detail = await api.respond(method: "GET", path: "/katalog/website/cr/shop/alpha", query: nil)
        #expect(detail.status == 200)
        #expect(try JSONValue.parse(detail.body)["childrenError"]?.stringValue?.contains("timed out") == true)
        let events = await api.respond(method: "GET", path: "/katalog/website/cr/shop/alpha/events", query: nil)
        #expect(events.status == 502)
    }
}
