import Foundation
import Logging
import OrkKatalog
import OrkValue
import Testing
@testable import OrkGateway

/// The registrar's two decisions, as pure functions: which Katalog's configurations may be written
/// (the newest wins, so a rollout converges), and whether a stopping replica removes them (only
/// the last one).
@Suite struct RegistrarDecisionTests {
    static let a = String(repeating: "a", count: 64)
    static let b = String(repeating: "b", count: 64)

    // MARK: newest Katalog

    @Test func aHigherGenerationWinsWhateverTheHash() {
        let old = KatalogRevision(generation: 7, hash: Self.b)
        let new = KatalogRevision(generation: 9, hash: Self.a)
        #expect(new.isNewer(than: old))
        #expect(!old.isNewer(than: new))
        #expect(RegistrarDecision.decide(ours: old, existing: [new]) == .yield(to: new))
        #expect(RegistrarDecision.decide(ours: new, existing: [old]) == .write(new))
    }

    @Test func aKnownGenerationBeatsAnUnknownOne() {
        let known = KatalogRevision(generation: 3, hash: Self.a)
        let unknown = KatalogRevision(generation: nil, hash: Self.b)
        #expect(known.isNewer(than: unknown))
        #expect(!unknown.isNewer(than: known))
        #expect(RegistrarDecision.decide(ours: unknown, existing: [known]) == .yield(to: known))
    }

    @Test func equalOrUnknownGenerationsAreOrderedByHashSoBothSidesAgree() {
        for generation in [nil, UInt64(5)] {
            let low = KatalogRevision(generation: generation, hash: Self.a)
            let high = KatalogRevision(generation: generation, hash: Self.b)
            #expect(high.isNewer(than: low) && !low.isNewer(than: high))
            #expect(RegistrarDecision.decide(ours: low, existing: [high]) == .yield(to: high))
            #expect(RegistrarDecision.decide(ours: high, existing: [low]) == .write(high))
        }
    }

    @Test func theSameKatalogNeverYieldsAndKeepsTheHighestGenerationWritten() {
        let mine = KatalogRevision(generation: 4, hash: Self.a)
        let sameLater = KatalogRevision(generation: 6, hash: Self.a)
        #expect(!sameLater.isNewer(than: mine) && !mine.isNewer(than: sameLater))
        // Writing generation 6 (not 4) leaves the annotation as the other replica wrote it: no write ping-pong.
        #expect(RegistrarDecision.decide(ours: mine, existing: [sameLater]) == .write(sameLater))
        #expect(RegistrarDecision.decide(ours: sameLater, existing: [mine]) == .write(sameLater))
    }

    @Test func nothingWrittenYetOrUnannotatedConfigurationsLetAReplicaWrite() {
        let mine = KatalogRevision(generation: nil, hash: Self.a)
        #expect(RegistrarDecision.decide(ours: mine, existing: []) == .write(mine))
        #expect(KatalogRevision(annotations: ["other": "x"]) == nil)
        #expect(KatalogRevision(annotations: nil) == nil)
    }

    @Test func theNewestOfSeveralIsTheOneYieldedTo() {
        let mine = KatalogRevision(generation: 1, hash: Self.a)
        let two = KatalogRevision(generation: 2, hash: Self.b)
        let three = KatalogRevision(generation: 3, hash: String(repeating: "c", count: 64))
        #expect(RegistrarDecision.decide(ours: mine, existing: [two, three, mine]) == .yield(to: three))
        #expect(RegistrarDecision.decide(ours: mine, existing: [three, two]) == .yield(to: three))
    }

    @Test func annotationsRoundTripAndAMalformedGenerationIsUnknown() {
        let revision = KatalogRevision(generation: 12_345, hash: Self.b)
        #expect(KatalogRevision(annotations: revision.annotations) == revision)
        let bad: JSONValue = [.init(stringLiteral: KatalogRevision.hashAnnotation): .string(Self.a),
                              .init(stringLiteral: KatalogRevision.generationAnnotation): "12abc"]
        #expect(KatalogRevision(annotations: bad) == KatalogRevision(generation: nil, hash: Self.a))
        #expect(KatalogRevision(annotations: [.init(stringLiteral: KatalogRevision.hashAnnotation): .string(String(repeating: "f", count: 500))]) == nil)
    }

    @Test func theRevisionHashesTheKatalogText() throws {
        let text = "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: r}\nspec:\n  crds:\n    app:\n      apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}\n"
        let katalog = try #require(KatalogLoader.load(text: text, file: "k.yaml").katalog)
        let revision = KatalogRevision(katalog: katalog, generation: 2)
        #expect(revision.hash == ContentHash.sha256(text))
        #expect(revision.generation == 2)
    }

    @Test func theGenerationIsTheConfigMapsResourceVersionOnlyWhileItHoldsTheLoadedText() throws {
        let text = "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: r}\nspec:\n  crds:\n    app:\n      apiTypes: {group: demo.io, version: v1, kind: App, plural: apps}\n"
        let katalog = try #require(KatalogLoader.load(text: text, file: "k.yaml").katalog)
        let logger = Logger(label: "test")
        let current: JSONValue = ["metadata": ["name": "k", "resourceVersion": "812"], "data": ["katalog.yaml": .string(text)]]
        #expect(KatalogGeneration.generation(of: current, key: "katalog.yaml", katalog: katalog, logger: logger) == 812)
        let changed: JSONValue = ["metadata": ["name": "k", "resourceVersion": "900"], "data": ["katalog.yaml": "other"]]
        #expect(KatalogGeneration.generation(of: changed, key: "katalog.yaml", katalog: katalog, logger: logger) == nil)
        #expect(KatalogGeneration.generation(of: current, key: "other.yaml", katalog: katalog, logger: logger) == nil)
    }

    @Test func writesCarryTheRevisionAndTheReadResourceVersion() {
        let object: JSONValue = ["apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
                                 "metadata": ["name": "x", "labels": ["a": "b"]], "webhooks": []]
        let revision = KatalogRevision(generation: 3, hash: Self.a)
        let updated = WebhookRegistrar.annotated(object, revision: revision, resourceVersion: "41")
        #expect(updated.value(atDotted: "metadata.resourceVersion") == "41")
        #expect(KatalogRevision(annotations: updated.value(atDotted: "metadata.annotations")) == revision)
        #expect(updated.value(atDotted: "metadata.labels.a") == "b")
        let created = WebhookRegistrar.annotated(object, revision: revision, resourceVersion: nil)
        #expect(created.value(atDotted: "metadata.resourceVersion") == nil)
    }

    @Test func anUnchangedConfigurationIsNotWrittenAgain() {
        let desired: JSONValue = ["metadata": ["name": "x", "annotations": ["h": "1"]],
                                  "webhooks": [["name": "w", "rules": [["operations": ["CREATE"]]], "timeoutSeconds": 5]]]
        // What the API server answers: defaults and bookkeeping added.
        let stored: JSONValue = ["metadata": ["name": "x", "annotations": ["h": "1"], "resourceVersion": "9", "uid": "u"],
                                 "webhooks": [["name": "w", "rules": [["operations": ["CREATE"], "scope": "*"]], "timeoutSeconds": 5,
                                               "namespaceSelector": [:], "objectSelector": [:]]]]
        #expect(WebhookRegistrar.holds(stored, desired))
        let edited: JSONValue = ["metadata": ["name": "x", "annotations": ["h": "1"]],
                                 "webhooks": [["name": "w", "rules": [["operations": ["CREATE", "DELETE"]]], "timeoutSeconds": 5]]]
        #expect(!WebhookRegistrar.holds(edited, desired))
        let otherKatalog: JSONValue = ["metadata": ["name": "x", "annotations": ["h": "2"]], "webhooks": desired["webhooks"] ?? []]
        #expect(!WebhookRegistrar.holds(otherKatalog, desired))
        let extraHook: JSONValue = ["metadata": ["name": "x", "annotations": ["h": "1"]],
                                    "webhooks": [desired["webhooks"]?[0] ?? [:], ["name": "v"]]]
        #expect(!WebhookRegistrar.holds(extraHook, desired))
    }

    // MARK: last replica

    @Test func theLastReplicaRemovesAndNoneRemovesWhileAnotherServes() {
        #expect(ShutdownCleanupDecision.decide(peers: []) == .remove)
        #expect(ShutdownCleanupDecision.decide(peers: [("http://a", .stopped), ("http://b", .stopped)]) == .remove)
        #expect(ShutdownCleanupDecision.decide(peers: [("http://a", .stopped), ("http://b", .serving)])
                == .keep(reason: "http://b still serves"))
        if case .keep = ShutdownCleanupDecision.decide(peers: [("http://a", .unknown("timeout after 1 s"))]) {} else {
            Issue.record("a peer that did not answer must keep the configurations")
        }
        if case .keep = ShutdownCleanupDecision.decide(peers: nil) {} else {
            Issue.record("peers that cannot be listed must keep the configurations")
        }
    }

    /// Two replicas stopping at once: each turns its own readiness off before asking the other, so
    /// whatever the interleaving, at least one of them sees the other stopped and removes.
    @Test func twoReplicasStoppingAtOnceNeverBothKeep() {
        // Steps: 0 = A marks, 1 = A asks B, 2 = B marks, 3 = B asks A; every order that keeps each
        // replica's mark before its question.
        let orders = [[0, 1, 2, 3], [0, 2, 1, 3], [0, 2, 3, 1], [2, 0, 1, 3], [2, 0, 3, 1], [2, 3, 0, 1]]
        for order in orders {
            var marked = [false, false]
            var decisions: [ShutdownCleanupDecision] = []
            for step in order {
                switch step {
                case 0: marked[0] = true
                case 2: marked[1] = true
                case 1: decisions.append(.decide(peers: [("http://b", marked[1] ? .stopped : .serving)]))
                default: decisions.append(.decide(peers: [("http://a", marked[0] ? .stopped : .serving)]))
                }
            }
            #expect(decisions.contains(.remove), "order \(order): \(decisions)")
        }
    }

    @Test func theCheckAsksEveryPeerButItself() async {
        struct Peers: PeerSource {
            func peers() async throws -> [Peer] {
                [Peer(url: "http://self:1", ip: "self"), Peer(url: "http://other:1", ip: "other", ready: false)]
            }
        }
        struct Readiness: PeerReadiness {
            let state: PeerServing
            func serving(_ peer: Peer) async -> PeerServing {
                peer.url == "http://self:1" ? .serving : state
            }
        }
        // The answers are immediate; the deadline (10 s in production) is only a failure's bound here,
        // long enough for a whole parallel suite on a loaded machine (run 32 hit the 10 s one).
        let bound = Duration.seconds(300)
        let stopped = LastReplicaCheck(peers: Peers(), readiness: Readiness(state: .stopped), ownURL: "http://self:1", deadline: bound)
        #expect(await stopped.decide() == .remove)
        let serving = LastReplicaCheck(peers: Peers(), readiness: Readiness(state: .serving), ownURL: "http://self:1", deadline: bound)
        #expect(await serving.decide() == .keep(reason: "http://other:1 still serves"))
        #expect(await LastReplicaCheck(peers: nil, readiness: Readiness(state: .serving), ownURL: "x", deadline: bound).decide() == .remove)
    }

    /// A check that cannot finish (the endpoints read or a peer's /ready hangs, as behind a network
    /// black hole) keeps the configurations at its deadline instead of running into SIGKILL.
    @Test func aHangingCheckKeepsAtItsDeadline() async {
        struct HangingPeers: PeerSource {
            func peers() async throws -> [Peer] {
                try await Task.sleep(for: .seconds(3_600))
                return []
            }
        }
        struct ListedPeers: PeerSource {
            func peers() async throws -> [Peer] { [Peer(url: "http://other:1", ip: "other")] }
        }
        struct HangingReadiness: PeerReadiness {
            func serving(_ peer: Peer) async -> PeerServing {
                try? await Task.sleep(for: .seconds(3_600))
                return .serving
            }
        }
        for source in [HangingPeers() as any PeerSource, ListedPeers()] {
            let check = LastReplicaCheck(peers: source, readiness: HangingReadiness(), ownURL: "http://self:1",
                                         deadline: .milliseconds(50))
            guard case .keep(let reason) = await check.decide() else {
                Issue.record("a check that did not finish must keep the configurations")
                continue
            }
            #expect(reason.contains("not known within"))
        }
    }
}
