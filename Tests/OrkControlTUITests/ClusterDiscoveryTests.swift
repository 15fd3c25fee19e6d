import Foundation
import OrkAPI
import OrkControlTUI
import OrkKube
import OrkValue
import Synchronization
import Testing

/// An API server as `ork control --context` sees it: answers by path (and label selector, when
/// one is set for it), and every request it was sent.
final class FakeAPIServer: KubeTransport {
    let routes = Mutex<[String: (Int, [UInt8])]>([:])
    let requests = Mutex<[KubeRequest]>([])

    func set(_ path: String, selector: String? = nil, status: Int = 200, bytes: [UInt8]) {
        routes.withLock { $0[path + (selector.map { "|" + $0 } ?? "")] = (status, bytes) }
    }
    func set(_ path: String, selector: String? = nil, status: Int = 200, json: String) {
        set(path, selector: selector, status: status, bytes: Array(json.utf8))
    }

    func send(_ request: KubeRequest) async throws(KubeError) -> KubeResponse {
        requests.withLock { $0.append(request) }
        let selector = request.query.first { $0.0 == "labelSelector" }?.1
        guard let (status, body) = routes.withLock({ routes in selector.flatMap { routes[request.path + "|" + $0] } ?? routes[request.path] }) else {
            return KubeResponse(status: 404, body: Array(#"{"kind":"Status","message":"not found","reason":"NotFound"}"#.utf8))
        }
        return KubeResponse(status: status, body: body)
    }

    func stream(_ request: KubeRequest) async throws(KubeError) -> KubeStreamResponse {
        throw KubeError(kind: .badRequest, message: "no watches here")
    }

    func shutdown() async {}

    /// The requests sent to `path`.
    func sent(_ path: String) -> [KubeRequest] { requests.withLock { $0.filter { $0.path == path } } }
}

@Suite struct ClusterDiscoveryTests {
    static let runtimePod = "orkestra-runtime-7c9d8-x2k4p"
    static let runtimeProxy = "/api/v1/namespaces/ork/pods/\(runtimePod)%3A8081/proxy"
    static let podA = "orkestra-gateway-5f7b9-abcde"
    static let podB = "orkestra-gateway-5f7b9-fghij"
    static func podProxy(_ pod: String) -> String { "/api/v1/namespaces/ork/pods/\(pod)%3A8081/proxy" }
    static let runtimeSelector = "app.kubernetes.io/component=runtime,app.kubernetes.io/instance=orkestra"
    static let gatewaySelector = "app.kubernetes.io/component=gateway,app.kubernetes.io/instance=orkestra"

    static let services = #"""
    {"kind":"ServiceList","items":[
      {"metadata":{"name":"orkestra-runtime","namespace":"ork","labels":{"app.kubernetes.io/part-of":"orkestra","app.kubernetes.io/component":"runtime","app.kubernetes.io/instance":"orkestra"}},
       "spec":{"selector":{"app.kubernetes.io/component":"runtime","app.kubernetes.io/instance":"orkestra"},"ports":[{"name":"http","port":8080,"targetPort":"http"}]}},
      {"metadata":{"name":"orkestra-gateway","namespace":"ork","labels":{"app.kubernetes.io/part-of":"orkestra","app.kubernetes.io/component":"gateway","app.kubernetes.io/instance":"orkestra"}},
       "spec":{"selector":{"app.kubernetes.io/component":"gateway","app.kubernetes.io/instance":"orkestra"},
               "ports":[{"name":"http","port":8080,"targetPort":"http"},{"name":"https","port":443,"targetPort":"https"}]}}
    ]}
    """#

    static func pod(_ name: String, phase: String = "Running", deleting: Bool = false) -> String {
        #"{"metadata":{"name":"\#(name)","namespace":"ork""# + (deleting ? #","deletionTimestamp":"2026-12-05T00:00:00Z""# : "")
            + #"},"spec":{"containers":[{"name":"gateway","ports":[{"name":"https","containerPort":8443},{"name":"http","containerPort":8081}]}]},"#
            + #""status":{"phase":"\#(phase)","podIP":"10.42.0.9"}}"#
    }

    static func pods(_ items: [String]) -> String { #"{"kind":"PodList","items":["# + items.joined(separator: ",") + "]}" }

    /// A cluster with one runtime and two gateway replicas (plus one terminating and one pending pod).
    static func cluster() throws -> FakeAPIServer {
        let server = FakeAPIServer()
        server.set("/version", json: #"{"gitVersion":"v1.20.2"}"#)
        server.set("/api/v1/services", json: services)
        server.set("/api/v1/namespaces/ork/pods", selector: gatewaySelector,
                   json: pods([pod(podA), pod(podB), pod("old", deleting: true), pod("new", phase: "Pending")]))
        server.set("/api/v1/namespaces/ork/pods", selector: runtimeSelector, json: pods([pod(runtimePod)]))
        server.set(runtimeProxy + "/katalog", bytes: try TestFiles.runtime("katalog"))
        server.set(podProxy(podA) + "/katalog", bytes: try TestFiles.gateway("katalog"))
        server.set(podProxy(podB) + "/katalog", bytes: try TestFiles.gateway("katalog"))
        return server
    }

    /// Context `one` on `server`, trusting `namespace` (else `defaultNamespace`).
    static func one(_ server: FakeAPIServer, defaultNamespace: String, namespace: String? = nil) -> ClusterSource {
        ClusterSource(context: "one", server: "https://one:6443", namespace: namespace, defaultNamespace: defaultNamespace, transport: server)
    }

    /// The fake API servers answer at once, so only a saturated machine could reach a timeout or the
    /// SLOW threshold: both are out of reach here (a debug run beside the sharding check once took
    /// more than the default 2 s for a discovery and read the context `down`). Timeouts have their
    /// own tests (FetcherTests, PollerTests).
    static func poller(_ sources: [ClusterSource]) -> Poller {
        let direct = FakeFetcher()
        return Poller(runtimeURLs: [], gatewayURLs: [], sources: sources, fetcher: ProxyFetcher(direct: direct, sources: sources),
                      options: PollOptions(timeoutSeconds: 120, slowMilliseconds: 120_000))
    }

    @Test func aContextsRuntimeAndEachGatewayReplicaArePolledThroughTheProxy() async throws {
        let server = try Self.cluster()
        let poller = Self.poller([Self.one(server, defaultNamespace: "ork")])
        await poller.pollFleet()
        let state = await poller.state
        let cluster = try #require(state.clusters.first)
        #expect(cluster.health.state == .ok)
        #expect(cluster.version == "v1.20.2")
        #expect((cluster.runtimes, cluster.gateways) == (1, 2))
        let runtime = try #require(state.runtimes.first)
        #expect(state.runtimes.count == 1)
        #expect(runtime.url == "kube://one" + Self.runtimeProxy)
        #expect(runtime.placement == ClusterPlacement(context: "one", namespace: "ork", service: "orkestra-runtime", pod: Self.runtimePod,
                                                      release: "orkestra"))
        #expect(runtime.katalog != nil)
        #expect(runtime.health.state != .down)
        #expect(state.gateways.map(\.pod) == [Self.podA, Self.podB])
        #expect(state.gateways.allSatisfy { $0.fleet != nil && $0.advertisedBy == [runtime.url] && $0.context == "one" })
        // The in-cluster gatewayEndpoint the runtime advertises is not followed: it cannot be reached from here.
        #expect(!state.gateways.contains { $0.context == nil })
        // The user's credential goes along to the proxied API (the API server drops Authorization), not to discovery.
        #expect(server.sent(Self.runtimeProxy + "/katalog").allSatisfy { $0.forwardCredentialAs == ForwardedAuthorization.header })
        #expect(server.sent("/api/v1/services").allSatisfy { $0.forwardCredentialAs == nil })
        #expect(server.sent("/api/v1/services").first?.query.first { $0.0 == "labelSelector" }?.1 == ClusterDiscovery.partOf)
        #expect(Set(server.sent("/api/v1/namespaces/ork/pods").compactMap { $0.query.first { $0.0 == "labelSelector" }?.1 })
            == [Self.runtimeSelector, Self.gatewaySelector])

        // A rollout: replica B is replaced by C. The next round drops B and polls C; A keeps its record.
        let podC = "orkestra-gateway-5f7b9-klmno"
        server.set("/api/v1/namespaces/ork/pods", selector: Self.gatewaySelector, json: Self.pods([Self.pod(Self.podA), Self.pod(podC)]))
        server.set(Self.podProxy(podC) + "/katalog", bytes: try TestFiles.gateway("katalog"))
        await poller.pollFleet()
        let after = await poller.state
        #expect(after.gateways.map(\.pod) == [Self.podA, podC])
        #expect(after.gateways.first?.health.history.count == 2)
        #expect(after.gateways.last?.fleet != nil)

        // A list that cannot be read removes nothing: the replicas keep their records and fail on their own.
        server.set("/api/v1/namespaces/ork/pods", selector: Self.gatewaySelector, status: 500, json: #"{"kind":"Status","message":"etcd"}"#)
        await poller.pollFleet()
        #expect(await poller.state.gateways.map(\.pod) == [Self.podA, podC])
        #expect(await poller.state.clusters.first?.problems.first?.hasPrefix("cannot list the pods of ork/orkestra-gateway") == true)
        server.set("/api/v1/services", status: 503, json: #"{"kind":"Status","message":"unavailable"}"#)
        await poller.pollFleet()
        let unreadable = await poller.state
        #expect(unreadable.runtimes.count == 1 && unreadable.gateways.count == 2)
        server.set("/api/v1/services", json: Self.services)
        server.set("/api/v1/namespaces/ork/pods", selector: Self.gatewaySelector, json: Self.pods([Self.pod(Self.podA), Self.pod(podC)]))
        await poller.pollFleet()

        // A truncated list names some Services but not all: nothing is taken as gone from it.
        server.set("/api/v1/services", json: #"{"kind":"ServiceList","metadata":{"continue":"next-page"},"items":[]}"#)
        await poller.pollFleet()
        let truncated = await poller.state
        #expect(truncated.runtimes.count == 1 && truncated.gateways.count == 2)
        #expect(truncated.clusters.first?.problems.first?.hasPrefix("more than 500 Services") == true)
        // Cluster-wide listing refused from now on: only the context's namespace is looked at, and
        // replicas elsewhere are not taken as gone for not being in it.
        server.set("/api/v1/services", status: 403, json: #"{"kind":"Status","reason":"Forbidden","code":403}"#)
        server.set("/api/v1/namespaces/ork/services", json: #"{"kind":"ServiceList","items":[]}"#)
        let narrowed = Self.poller([Self.one(server, defaultNamespace: "elsewhere")])
        server.set("/api/v1/services", json: Self.services)
        await narrowed.pollFleet()
        #expect(await narrowed.state.runtimes.count == 1)
        server.set("/api/v1/services", status: 403, json: #"{"kind":"Status","reason":"Forbidden","code":403}"#)
        server.set("/api/v1/namespaces/elsewhere/services", json: #"{"kind":"ServiceList","items":[]}"#)
        await narrowed.pollFleet()
        #expect(await narrowed.state.runtimes.count == 1, "a replica in ork is not gone because only namespace elsewhere was listed")
        server.set("/api/v1/services", json: Self.services)
        await poller.pollFleet()

        let text = OnceText.render(after, now: Date(), glyphs: .ascii, columns: 160, refreshSeconds: 5)
        #expect(text.contains("context one https://one:6443 v1.20.2"))
        #expect(text.contains("1 runtime"))
        #expect(text.contains("2 gateway replicas"))
        #expect(text.contains("ork/orkestra-r"))
        #expect(text.contains("one: ork/\(Self.runtimePod) - Katalog shop-operators"))
        #expect(!text.contains("kube://"))
        let json = OnceJSON.document(after, now: Date())
        #expect(json["clusters"]?[0]?["context"] == .string("one"))
        #expect(json["runtimes"]?[0]?["context"] == .string("one"))
        #expect(json["gateways"]?[1]?["pod"] == .string(podC))
    }

    @Test func whatRBACRefusesIsReportedWithTheRightAndTheNamespace() async throws {
        let server = try Self.cluster()
        let forbidden = #"{"kind":"Status","status":"Failure","reason":"Forbidden","code":403,"message":"services is forbidden: User \"bob\" cannot list resource \"services\" in API group \"\" at the cluster scope"}"#
        server.set("/api/v1/services", status: 403, json: forbidden)
        server.set("/api/v1/namespaces/ork/services", json: Self.services)
        server.set(Self.runtimeProxy + "/katalog", status: 403,
                   json: #"{"kind":"Status","reason":"Forbidden","code":403,"message":"pods \"orkestra-runtime-7c9d8-x2k4p:8081\" is forbidden: User \"bob\" cannot get resource \"pods/proxy\" in API group \"\" in the namespace \"ork\""}"#)
        server.set("/api/v1/namespaces/ork/pods", selector: Self.gatewaySelector, status: 403, json: forbidden)
        let poller = Self.poller([ClusterSource(context: "two", server: "https://two:6443", namespace: nil, defaultNamespace: "ork",
                                                transport: server)])
        await poller.pollFleet()
        let state = await poller.state
        let cluster = try #require(state.clusters.first)
        #expect(cluster.health.state == .degraded)
        #expect(cluster.problems == ["forbidden: needs list on pods in namespace ork (the replicas of orkestra-gateway)"])
        let runtime = try #require(state.runtimes.first)
        #expect(runtime.health.state == .down)
        #expect(runtime.health.detail?.hasPrefix("HTTP 403: forbidden: needs get on pods/proxy in namespace ork") == true)
        let text = OnceText.render(state, now: Date(), glyphs: .ascii, columns: 200, refreshSeconds: 5)
        #expect(text.contains("forbidden: needs list on pods in namespace ork"))

        // Not even the context's namespace may be listed: the reason says which right is missing, and where.
        server.set("/api/v1/namespaces/ork/services", status: 403, json: forbidden)
        await poller.pollFleet()
        #expect(await poller.state.clusters.first?.problems == ["forbidden: needs list on services in namespace ork (or cluster-wide)"])
        // The cluster-wide list was refused once and not asked again at the next poll (a user with a
        // namespaced Role only would otherwise pay a refused request at every poll).
        #expect(server.sent("/api/v1/services").count == 1)
        #expect(server.sent("/api/v1/namespaces/ork/services").count == 2)
    }

    @Test func aContextThatCannotBeUsedSaysWhyAndTheOthersKeepWorking() async throws {
        let good = try Self.cluster()
        let sources = [
            ClusterSource(context: "broken", server: "-", namespace: nil, defaultNamespace: "default",
                          transport: UnusableContext(reason: "credential plugin aws failed: exit status 1: token expired")),
            ClusterSource(context: "one", server: "https://one:6443", namespace: nil, defaultNamespace: "default", transport: good),
            ClusterSource(context: "empty", server: "https://three:6443", namespace: "apps", defaultNamespace: "default", transport: {
                let server = FakeAPIServer()
                server.set("/version", json: #"{"gitVersion":"v1.31.0"}"#)
                server.set("/api/v1/namespaces/apps/services", json: #"{"items":[]}"#)
                return server
            }()),
        ]
        let poller = Self.poller(sources)
        await poller.pollFleet()
        let state = await poller.state
        #expect(state.clusters.map(\.health.state) == [.down, .ok, .degraded])
        #expect(state.clusters.first?.health.detail == "credential plugin aws failed: exit status 1: token expired")
        #expect(state.clusters.last?.problems == ["no Orkestra runtime found in namespace apps of context empty "
                                                  + "(Services labelled app.kubernetes.io/part-of=orkestra, app.kubernetes.io/component=runtime)"])
        #expect(state.runtimes.count == 1 && state.runtimes.first?.katalog != nil)
        #expect(state.errors.contains { $0.url == "context broken" })
        let text = OnceText.render(state, now: Date(), glyphs: .ascii, columns: 200, refreshSeconds: 5)
        #expect(text.contains("credential plugin aws failed"))
        #expect(text.contains("no Orkestra runtime found in namespace apps of context empty"))
    }

    @Test func theCredentialIsForwardedOnlyIntoTheTrustedNamespace() async throws {
        // Anyone who may create a Service can label it like the chart: a runtime "found" in another
        // namespace is polled, but never sent the user's credential.
        let server = FakeAPIServer()
        server.set("/version", json: #"{"gitVersion":"v1.20.2"}"#)
        server.set("/api/v1/services", json: Self.services.replacingOccurrences(of: #""namespace":"ork""#, with: #""namespace":"team-x""#))
        let lure = "/api/v1/namespaces/team-x/pods/\(Self.runtimePod)%3A8081/proxy/katalog"
        server.set(lure, status: 401, json: #"{"error":"this API needs a bearer token"}"#)
        server.set("/api/v1/namespaces/team-x/pods", selector: Self.runtimeSelector, json: Self.pods([Self.pod(Self.runtimePod)]))
        server.set("/api/v1/namespaces/team-x/pods", selector: Self.gatewaySelector, json: Self.pods([]))
        let poller = Self.poller([Self.one(server, defaultNamespace: "ork")])
        await poller.pollFleet()
        #expect(!server.sent(lure).isEmpty)
        #expect(server.sent(lure).allSatisfy { $0.forwardCredentialAs == nil })
        let runtime = try #require(await poller.state.runtimes.first)
        #expect(runtime.health.detail?.contains("your credential is forwarded only to namespace ork") == true)
        #expect(runtime.health.detail?.contains("pass --namespace team-x to trust this one") == true)
        // Named with --namespace, it is trusted.
        let trusting = Self.poller([Self.one(server, defaultNamespace: "ork", namespace: "team-x")])
        server.set("/api/v1/namespaces/team-x/services", json: Self.services.replacingOccurrences(of: #""namespace":"ork""#,
                                                                                                   with: #""namespace":"team-x""#))
        await trusting.pollFleet()
        #expect(server.sent(lure).last?.forwardCredentialAs == ForwardedAuthorization.header)
    }

    @Test func aHangingRequestIsAbandonedAtTheDeadline() async {
        // A credential plugin that hangs ignores cancellation; the poll must not wait for it.
        let gate = AsyncStream<Void>.makeStream()
        let answer = await abandonAfter(seconds: 0.05) { () async -> Int in
            for await _ in gate.stream {}
            return 1
        }
        #expect(answer == nil)
        gate.continuation.finish()
        #expect(await abandonAfter(seconds: 30) { 7 } == 7)
    }

    @Test func aGatewayWithoutARuntimeIsOneGroupOfItsReplicas() async throws {
        let server = try Self.cluster()
        server.set("/api/v1/namespaces/ork/pods", selector: Self.runtimeSelector, json: Self.pods([]))
        let poller = Self.poller([Self.one(server, defaultNamespace: "ork")])
        await poller.pollFleet()
        let state = await poller.state
        #expect(state.runtimes.isEmpty && state.gateways.count == 2)
        #expect(state.clusters.first?.health.state == .ok)
        let text = OnceText.render(state, now: Date(), glyphs: .ascii, columns: 160, refreshSeconds: 5)
        // One group: the fleet view of the first replica, with each replica once (not one group per replica).
        #expect(text.split(separator: "\n").filter { $0.contains(Self.podB) }.count == 1)
        #expect(text.split(separator: "\n").filter { $0.contains("gateway ork/") }.count == 1)
    }

    @Test func proxyURLsKeepContextNamesAndQueriesIntact() throws {
        let context = "arn:aws:eks:eu-west-1:123456789012:cluster/prod"
        let base = KubeProxyURL.service(context: context, namespace: "ork", name: "orkestra-runtime", port: "http", https: false)
        #expect(base.hasPrefix("kube://arn%3Aaws%3Aeks"))
        let url = EndpointURL.crList(base, "widgets.example.com", limit: 500, continue: "eyJ2Ijoi+/=")
        let parsed = try #require(KubeProxyURL.parse(url))
        #expect(parsed.context == context)
        #expect(parsed.path == "/api/v1/namespaces/ork/services/http%3Aorkestra-runtime%3Ahttp/proxy/katalog/widgets.example.com/cr")
        #expect(parsed.query.map(\.0) == ["limit", "continue"])
        #expect(parsed.query.last?.1 == "eyJ2Ijoi+/=")
        #expect(parsed.target == "ork/orkestra-runtime")
        #expect((parsed.resource, parsed.rest) == ("services", "/katalog/widgets.example.com/cr"))
        #expect(KubeProxyURL.parse(KubeProxyURL.pod(context: "c", namespace: "ork", name: "gw-1", port: "8081", https: true))?.target
            == "ork/gw-1")
        // A namespace named like a path part is read by position.
        let odd = try #require(KubeProxyURL.parse(KubeProxyURL.pod(context: "c", namespace: "proxy", name: "pods", port: "8081",
                                                                   https: false) + "/katalog/x"))
        #expect((odd.namespace, odd.name, odd.rest) == ("proxy", "pods", "/katalog/x"))
        #expect(Format.endpoint(KubeProxyURL.pod(context: "c", namespace: "proxy", name: "gw", port: "1", https: false) + "/katalog")
            == "c: proxy/gw/katalog")
        // `name:port` has two parts: a pod named like a scheme is still the pod.
        #expect(KubeProxyURL.parse(KubeProxyURL.pod(context: "c", namespace: "ork", name: "http", port: "8081", https: false))?.name
            == "http")
        #expect(KubeProxyURL.parse(KubeProxyURL.pod(context: "c", namespace: "ork", name: "http", port: "8081", https: true))?.name
            == "http")
        #expect(KubeProxyURL.parse("http://host:8080/katalog") == nil)
        #expect(KubeProxyURL.parse("kube://") == nil)
        #expect(KubeProxyURL.parse("kube:///api") == nil)
    }
}
