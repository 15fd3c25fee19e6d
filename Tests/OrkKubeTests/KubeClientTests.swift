import Synchronization
import Testing
import OrkValue
@testable import OrkKube

@Suite struct KubeClientTests {
    static let configMaps = APIResource(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", namespaced: true)
    static let deployments = APIResource(group: "apps", version: "v1", resource: "deployments", kind: "Deployment",
                                         namespaced: true)

    @Test func pathsAndQueriesAreBuiltAndEscaped() {
        #expect(Self.configMaps.path(namespace: "ns", name: "a b") == "/api/v1/namespaces/ns/configmaps/a%20b")
        #expect(Self.deployments.path() == "/apis/apps/v1/deployments")
        #expect(Self.deployments.path(namespace: "x", name: "d", subresource: "status")
                == "/apis/apps/v1/namespaces/x/deployments/d/status")
        let request = KubeRequest(method: "GET", path: "/p", query: [("labelSelector", "a=b,c in (d)")])
        #expect(request.target == "/p?labelSelector=a%3Db%2Cc%20in%20%28d%29")
    }

    @Test func errorsAreTypedFromStatus() async throws {
        let transport = FakeTransport { _, _ in
            json(422, statusBody(422, reason: "Invalid", message: "bad", causes: [
                ["field": "spec.replicas", "reason": "FieldValueInvalid", "message": "must be >= 0"],
            ]))
        }
        let kube = try client(transport)
        await #expect(throws: KubeError.self) { try await kube.get(Self.configMaps, namespace: "ns", name: "x") }
        do {
            _ = try await kube.get(Self.configMaps, namespace: "ns", name: "x")
        } catch {
            #expect(error.kind == .invalid)
            #expect(error.causes.first?.field == "spec.replicas")
            #expect(error.description.contains("spec.replicas: must be >= 0"))
        }
        #expect(transport.requests.count == 2)  // 422 is not retried
    }

    @Test(arguments: [
        (404, "NotFound", KubeError.Kind.notFound), (409, "AlreadyExists", .alreadyExists), (409, "Conflict", .conflict),
        (410, "Gone", .gone), (403, "Forbidden", .forbidden), (401, "Unauthorized", .unauthorized),
        (429, "TooManyRequests", .tooManyRequests), (500, "InternalError", .serverError), (503, "", .serverError),
        (504, "", .timeout), (413, "", .requestTooLarge),
    ])
    func statusKinds(code: Int, reason: String, kind: KubeError.Kind) {
        #expect(KubeError.from(status: code, body: Array(statusBody(code, reason: reason, message: "m").serialized().utf8),
                               retryAfter: nil, request: "").kind == kind)
    }

    @Test func idempotentRequestsRetryTransientFailuresAndHonourRetryAfter() async throws {
        let transport = FakeTransport { _, index in
            switch index {
            case 0: return KubeResponse(status: 0)  // connection refused
            case 1: return json(503, statusBody(503, reason: "ServiceUnavailable", message: "busy"))
            case 2: return json(429, statusBody(429, reason: "TooManyRequests", message: "slow down"),
                                headers: [("Retry-After", "0")])
            default: return json(200, ["metadata": ["name": "x"]])
            }
        }
        let object = try await client(transport).get(Self.configMaps, namespace: "ns", name: "x")
        #expect(object.value(atDotted: "metadata.name") == "x")
        #expect(transport.requests.count == 4)
    }

    /// ork run's default (P14): no client-side limit, the server's 429s govern; a finite rate keeps one.
    @Test func anInfiniteRateMeansNoClientSideLimiter() throws {
        let transport = FakeTransport { _, _ in json(200, ["kind": "ConfigMap"]) }
        let unlimited = try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: .infinity), transport: transport)
        #expect(unlimited.limiter == nil)
        let limited = try KubeClient(config: KubeConfig(server: "https://fake:6443", qps: 5, burst: 10), transport: transport)
        #expect(limited.limiter != nil)
    }

    @Test func createIsNotRetriedOnServerErrorsButIsOn429() async throws {
        let failing = FakeTransport { _, _ in json(500, statusBody(500, reason: "InternalError", message: "boom")) }
        await #expect(throws: KubeError.self) {
            try await client(failing).create(Self.configMaps, namespace: "ns", ["metadata": ["name": "x"]])
        }
        #expect(failing.requests.count == 1)
        let throttled = FakeTransport { _, index in
            index == 0 ? json(429, statusBody(429, reason: "TooManyRequests", message: "")) : json(201, ["kind": "ConfigMap"])
        }
        _ = try await client(throttled).create(Self.configMaps, namespace: "ns", ["metadata": ["name": "x"]])
        #expect(throttled.requests.count == 2)
    }

    @Test func retriesGiveUpAfterMaxAttempts() async throws {
        let transport = FakeTransport { _, _ in json(500, statusBody(500, reason: "InternalError", message: "boom")) }
        await #expect(throws: KubeError.self) {
            try await client(transport, retry: .init(maxAttempts: 3, baseDelay: .milliseconds(1)))
                .get(Self.configMaps, namespace: "ns", name: "x")
        }
        #expect(transport.requests.count == 3)
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let transport = FakeTransport { request, index in
            let items: [JSONValue] = (0..<2).map { ["metadata": ["name": .string("o\(index)-\($0)")]] }
            return json(200, ["metadata": ["resourceVersion": "10", "continue": index < 2 ? .string("t\(index)") : ""],
                              "items": .array(items)])
        }
        let list = try await client(transport).listAll(Self.configMaps, namespace: "ns", options: .init(labelSelector: "a=b"),
                                                       pageSize: 2)
        #expect(list.items.count == 6)
        #expect(list.resourceVersion == "10")
        #expect(transport.requests.map(\.target) == [
            "/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=2",
            "/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=2&continue=t0",
            "/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=2&continue=t1",
        ])
    }

    /// `keep` is applied to each page as it arrives (before the next page is asked for), so a large
    /// list holds at most one page of whole items.
    @Test func listAllKeepsWhatItIsToldOfEachPageAsItArrives() async throws {
        let transport = FakeTransport { _, index in
            let items: [JSONValue] = (0..<2).map { ["metadata": ["name": .string("o\(index)-\($0)")], "data": ["big": "x"]] }
            return json(200, ["metadata": ["resourceVersion": "10", "continue": index < 2 ? .string("t\(index)") : ""],
                              "items": .array(items)])
        }
        let kept = Mutex<[String]>([])
        let list = try await client(transport).listAll(Self.configMaps, namespace: "ns", pageSize: 2) { item in
            let name = item.value(atDotted: "metadata.name")?.stringValue ?? ""
            kept.withLock { $0.append("\(name) after request \(transport.requests.count)") }
            return ["metadata": ["name": .string(name)]]
        }
        #expect(list.items == (0..<3).flatMap { page in (0..<2).map { ["metadata": ["name": .string("o\(page)-\($0)")]] } })
        #expect(kept.withLock { $0 } == (0..<3).flatMap { page in (0..<2).map { "o\(page)-\($0) after request \(page + 1)" } })
    }

    @Test func patchesCarryTheirContentTypes() async throws {
        let transport = FakeTransport { _, _ in json(200, [:]) }
        let kube = try client(transport)
        _ = try await kube.patch(Self.configMaps, namespace: "n", name: "x", .merge(["data": ["a": "b"]]))
        _ = try await kube.patch(Self.configMaps, namespace: "n", name: "x", .json([["op": "remove", "path": "/data/a"]]))
        _ = try await kube.apply(Self.configMaps, ["metadata": ["name": "x", "namespace": "n"]], fieldManager: "orkestra",
                                 force: true)
        let types = transport.requests.map { request in request.headers.first { $0.0 == "Content-Type" }?.1 ?? "" }
        #expect(types == ["application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml"])
        #expect(transport.requests[2].target == "/api/v1/namespaces/n/configmaps/x?fieldManager=orkestra&force=true")
    }

    @Test func deleteSendsPropagationAndPreconditions() async throws {
        let transport = FakeTransport { _, _ in json(200, ["kind": "Status", "status": "Success"]) }
        try await client(transport).delete(Self.deployments, namespace: "n", name: "d",
                                           options: .init(propagationPolicy: .foreground, preconditionUID: "u1"))
        let body = try JSONValue.parse(bytes: transport.requests[0].body ?? [])
        #expect(body["propagationPolicy"] == "Foreground")
        #expect(body.value(atDotted: "preconditions.uid") == "u1")
    }

    @Test func discoveryUsesPreferredVersionsAndRefreshesOnAMiss() async throws {
        let transport = FakeTransport { request, index in
            switch request.path {
            case "/api": return json(200, ["versions": ["v1"]])
            case "/api/v1": return json(200, ["resources": [
                ["name": "pods", "kind": "Pod", "namespaced": true, "verbs": ["get"]],
                ["name": "pods/status", "kind": "Pod", "namespaced": true],
                ["name": "namespaces", "kind": "Namespace", "namespaced": false],
            ]])
            case "/apis":
                var groups: [JSONValue] = [[
                    "name": "batch", "versions": [["version": "v1"], ["version": "v1beta1"]],
                    "preferredVersion": ["version": "v1"],
                ]]
                // The CRD's group appears only after the first discovery.
                if index > 3 {
                    groups.append(["name": "demo.io", "versions": [["version": "v1"]], "preferredVersion": ["version": "v1"]])
                }
                return json(200, ["groups": .array(groups)])
            case "/apis/batch/v1": return json(200, ["resources": [["name": "jobs", "kind": "Job", "namespaced": true]]])
            case "/apis/batch/v1beta1": return json(200, ["resources": [["name": "cronjobs", "kind": "CronJob", "namespaced": true]]])
            case "/apis/demo.io/v1": return json(200, ["resources": [["name": "widgets", "kind": "Widget", "namespaced": false]]])
            default: return json(404, statusBody(404, reason: "NotFound", message: "no"))
            }
        }
        let kube = try client(transport)
        let pod = try await kube.resource(apiVersion: "v1", kind: "Pod")
        #expect(pod.resource == "pods" && pod.namespaced)
        #expect(try await kube.resource(group: "", kind: "Namespace").namespaced == false)
        #expect(try await kube.resource(apiVersion: "batch/v1beta1", kind: "CronJob").version == "v1beta1")
        // Not in the preferred version: found in the next served one.
        #expect(try await kube.resource(group: "batch", kind: "CronJob").version == "v1beta1")
        let widget = try await kube.resource(group: "demo.io", kind: "Widget")
        #expect(widget.resource == "widgets" && !widget.namespaced)
        await #expect(throws: KubeError.self) { try await kube.resource(group: "demo.io", kind: "Gadget") }
    }

    @Test func watchDecodesEventsAcrossChunksAndTurnsGoneIntoAnError() async throws {
        let lines = [
            #"{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"5"}}}"#,
            #"{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}"#,
            #"{"type":"ERROR","object":{"kind":"Status","code":410,"reason":"Expired","message":"too old resource version"}}"#,
        ]
        let transport = FakeTransport { _, _ in KubeResponse(status: 200, body: Array(lines.joined(separator: "\n").utf8)) }
        let stream = try await client(transport).watch(Self.configMaps, namespace: "ns",
                                                       options: .init(resourceVersion: "4"))
        var seen: [String] = []
        do {
            for try await event in stream { seen.append("\(event.type.rawValue):\(event.resourceVersion)") }
            Issue.record("the watch should have ended with 410")
        } catch let error as KubeError {
            #expect(error.kind == .gone)
        }
        #expect(seen == ["ADDED:5", "BOOKMARK:7"])
        #expect(transport.requests[0].target.contains("allowWatchBookmarks=true"))
        #expect(transport.requests[0].target.contains("resourceVersion=4"))
    }

    @Test func watchDecoderHandlesSplitLinesAndGarbage() throws {
        var decoder = WatchEventDecoder(request: "w")
        #expect(try decoder.feed(Array(#"{"type":"ADD"#.utf8)).isEmpty)
        let events = try decoder.feed(Array(#"ED","object":{}}"#.utf8) + [0x0A, 0x0A])
        #expect(events.count == 1)
        #expect(throws: KubeError.self) { try decoder.feed(Array("not json\n".utf8)) }
    }

    /// Retry-After around spaces and tabs only, as before FoundationEssentials (a line break is no number).
    @Test func retryAfterTrimsSpacesAndTabsOnly() {
        #expect(KubeClient.retryAfter(" 7\t") == .seconds(7))
        #expect(KubeClient.retryAfter("7\n") == nil)
        #expect(KubeClient.retryAfter("\r\n7") == nil)
        #expect(KubeClient.retryAfter("3600") == .seconds(600))
    }
}
