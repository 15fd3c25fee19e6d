import Foundation
import OrkControlTUI
import OrkKube
import OrkTestSupport
import Testing

/// The poller against fake endpoints: states and reasons, last-known data, gateway discovery,
/// paging, bad bodies, the error log.
@Suite struct PollerTests {
    @Test func statesAndReasons() async throws {
        let (state, _) = try await Scenario.state()
        let a = try #require(state.runtime(Scenario.runtimeA))
        #expect(a.health.state == .degraded)
        #expect(a.health.reason == "1 degraded (database), 1 not started (cache)")
        let b = try #require(state.runtime(Scenario.runtimeB))
        #expect(b.katalog?.leader.isLeader == false)
        #expect(b.katalog?.leader.identity == "orkestra-runtime-7c9d8-q8w3z")
        let c = try #require(state.runtime(Scenario.runtimeC))
        #expect(c.health.state == .down)
        #expect(c.health.reason == "refused")
        #expect(c.health.failures == 4)
        #expect(c.katalog == nil)
        #expect(a.health.history.map(\.latencyMs) == [12, 18, 9, 40])
    }

    @Test func gatewaysAreDiscoveredFromTheRuntimesAndGivenOnes() async throws {
        let (state, _) = try await Scenario.state()
        #expect(state.gateways.map(\.url) == [Scenario.extraGateway, Scenario.gateway])
        let advertised = try #require(state.gateway(of: Scenario.runtimeA))
        #expect(advertised.url == Scenario.gateway)
        #expect(advertised.health.state == .degraded)
        #expect(advertised.health.reason == "1/2 replicas unreachable")
        #expect(advertised.fleet?.replicas.map(\.reachable) == [true, false])
        let extra = try #require(state.unattachedGateways.first)
        #expect(extra.health.state == .down)
        #expect(extra.health.detail == "timeout after 2s")
    }

    @Test func lastKnownDataStaysWhenAnEndpointGoesDown() async throws {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog", .success(try TestFiles.runtime("katalog")))
        let clock = TestClock(Scenario.start)
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher, options: PollOptions(), now: { clock.now })
        await poller.pollFleet()
        fetcher.set("http://rt/katalog", .failure(.http(status: 503, message: "overloaded")))
        clock.advance(5)
        await poller.pollFleet()
        let runtime = try #require(await poller.state.runtime("http://rt"))
        #expect(runtime.health.state == .down)
        #expect(runtime.health.reason == "HTTP 503")
        #expect(runtime.health.detail == "HTTP 503: overloaded")
        #expect(runtime.katalog?.name == "shop-operators")
        #expect(runtime.health.lastSuccess == Scenario.start)
        // The runtime's gateway stays known from the last answer.
        #expect(await poller.state.gateway(of: "http://rt")?.url == Scenario.gateway)
        let errors = await poller.state.errors
        #expect(errors.map(\.reason).contains("HTTP 503"))
    }

    @Test func slowAnswersAreSlow() async throws {
        let fetcher = FakeFetcher()
        guard var healthy = try JSONSerialization.jsonObject(with: Data(TestFiles.runtime("katalog"))) as? [String: Any] else {
            throw TestFailure("katalog.txt is not an object")
        }
        healthy["healthy"] = true
        healthy["degradedReason"] = NSNull()
        fetcher.set("http://rt/katalog", .success(Array(try JSONSerialization.data(withJSONObject: healthy))), latencies: [1500])
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher,
                            options: PollOptions(timeoutSeconds: 2, slowMilliseconds: 1000))
        await poller.pollFleet()
        let health = try #require(await poller.state.runtime("http://rt")).health
        #expect(health.state == .slow)
        #expect(health.reason == "answered in 1500 ms")
    }

    @Test func aBodyThatIsNotTheContractIsDownWithThePath() async throws {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog", .success(Array(#"{"name": "x", "crds": [{"name": 3}]}"#.utf8)))
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.pollFleet()
        let health = try #require(await poller.state.runtime("http://rt")).health
        #expect(health.state == .down)
        #expect(health.reason == "bad JSON")
        #expect(health.detail == "missing field at cluster")
        fetcher.set("http://rt/katalog", .success(Array("<html>".utf8)))
        await poller.pollFleet()
        #expect(try #require(await poller.state.runtime("http://rt")).health.reason == "bad JSON")
    }

    @Test func crListsFollowContinueTokens() async throws {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog/website/cr?limit=2", .success(try TestFiles.runtime("cr-list-website-page1")))
        fetcher.set("http://rt/katalog/website/cr?limit=2&continue=WyJzaG9wIiwiYmV0YSJd", .success(try TestFiles.runtime("cr-list-website-page2")))
        let request = FocusRequest.crList(runtime: "http://rt", crd: "website")
        let poller = Poller(runtimeURLs: [], gatewayURLs: [], fetcher: fetcher, options: PollOptions(crPageSize: 2))
        await poller.setFocus([request])
        await poller.pollFocus()
        let list = try #require(await poller.state.crLists[request.key]?.value)
        #expect(list.items.map(\.name) == ["alpha", "beta", "gamma"])
        #expect(list.total == 3)
        #expect(!list.truncated)
        let capped = Poller(runtimeURLs: [], gatewayURLs: [], fetcher: fetcher, options: PollOptions(crListCap: 2, crPageSize: 2))
        await capped.setFocus([request])
        await capped.pollFocus()
        let first = try #require(await capped.state.crLists[request.key]?.value)
        #expect(first.items.count == 2)
        #expect(first.truncated)
    }

    @Test func detailDocumentsDecodeFromTheContract() async throws {
        let (state, _) = try await Scenario.state()
        let crd = try #require(state.crdDetails[FocusRequest.crdDetail(runtime: Scenario.runtimeA, crd: "website").key]?.value)
        #expect(crd.workerDetails.map(\.state) == ["processing", "idle", "idle"])
        #expect(crd.rbac.totalRules == 4)
        let key = FocusRequest.resourceDetail(runtime: Scenario.runtimeA, crd: "website", namespace: "shop", name: "alpha").key
        let cr = try #require(state.resourceDetails[key]?.value)
        #expect(cr.children.map(\.kind) == ["ConfigMap", "Deployment", "Service"])
        #expect(cr.children[1].children.first?.children.count == 2)
        #expect(state.crEvents[key]?.value?.events.first?.reason == "ApplyFailed")
        let gateway = try #require(state.gatewayCRDs[FocusRequest.gatewayCRD(gateway: Scenario.gateway, crd: "website").key]?.value)
        #expect(gateway.replicas.count == 2)
        #expect(gateway.row.validation?.total == 9)
    }

    /// `/katalog/{crd}/health` answers 503 for a CRD that is not healthy, with the same document:
    /// the Control Center shows that health, it does not log the answer as a failure.
    @Test func aCRDsHealthIsReadFromItsProbeEvenAt503() async throws {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog/database/health", .success(try TestFiles.runtime("health-database")), status: 503)
        fetcher.set("http://rt/katalog/website/health", .success(try TestFiles.runtime("health-website")))
        let database = FocusRequest.crdHealth(runtime: "http://rt", crd: "database")
        let website = FocusRequest.crdHealth(runtime: "http://rt", crd: "website")
        let poller = Poller(runtimeURLs: [], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.setFocus([database, website])
        await poller.pollFocus()
        let state = await poller.state
        let degraded = try #require(state.crdHealth[database.key]?.value)
        #expect(degraded.status == 503 && !degraded.healthy && degraded.state == "degraded")
        #expect(state.crdHealth[website.key]?.value?.healthy == true)
        #expect(state.errors.isEmpty)
        #expect(Route.crdDetail(runtime: "http://rt", crd: "database").focus(in: state).contains(database))
    }

    @Test func errorLogIsBounded() async throws {
        let fetcher = FakeFetcher()
        let poller = Poller(runtimeURLs: ["http://a", "http://b"], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        for _ in 0..<260 { await poller.pollFleet() }
        #expect(await poller.state.errors.count == ControlState.errorLogLength)
        #expect(await poller.state.errors.last?.attempt == 260)
    }

    @Test func commandsPauseAndFocus() async throws {
        let fetcher = try Scenario.fetcher()
        let poller = Poller(runtimeURLs: [Scenario.runtimeA], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.handle(.setPaused(true))
        #expect(await poller.state.paused)
        await poller.handle(.focus([.crdDetail(runtime: Scenario.runtimeA, crd: "website")]))
        await poller.pollFocus()
        #expect(fetcher.count(Scenario.runtimeA + "/katalog/website") == 1)
    }

    /// Between refreshes the loop sleeps until its due time or a command; it does not wake to look.
    @Test func theLoopSleepsBetweenRefreshesAndACommandWakesIt() async throws {
        let fetcher = try Scenario.fetcher()
        let poller = Poller(runtimeURLs: [Scenario.runtimeA], gatewayURLs: [], fetcher: fetcher,
                            options: PollOptions(refreshSeconds: 3600))
        let (commands, continuation) = AsyncStream<PollerCommand>.makeStream()
        let task = Task { await poller.run(commands: commands) }
        defer { continuation.finish(); task.cancel() }
        let katalog = Scenario.runtimeA + "/katalog"
        #expect(try await eventually { fetcher.count(katalog) == 1 })
        // A loop that looked every few milliseconds would go round many times meanwhile (a slow
        // machine can only make it fewer: this never fails a correct loop).
        try await Task.sleep(for: .milliseconds(300))
        let idleRounds = await poller.rounds
        #expect(idleRounds <= 2, "rounds: \(idleRounds)")
        continuation.yield(.pollNow)
        #expect(try await eventually { fetcher.count(katalog) == 2 })
        #expect(await poller.rounds <= 4)
    }

    @Test func aWakeupSentBeforeTheWaitIsKept() async {
        let wakeup = Wakeup()
        wakeup.signal()
        await wakeup.wait(until: nil)  // returns at once: the signal was pending
        let clock = ContinuousClock()
        await wakeup.wait(until: clock.now)  // nothing pending: returns at the deadline
        let waiter = Task { await wakeup.wait(until: nil) }
        waiter.cancel()
        await waiter.value  // cancelling ends a wait without a deadline
    }

    @Test func aWakeupEndsAWaitInProgress() async {
        let wakeup = Wakeup()
        let ended = Task { await wakeup.wait(until: nil) }
        wakeup.signal()  // before or during the wait: either way the wait ends
        await ended.value
    }
}
