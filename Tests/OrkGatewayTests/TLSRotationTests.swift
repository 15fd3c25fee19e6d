import Foundation
import OrkGateway
import OrkKube
import OrkTestSupport
import Testing

/// Rotation near expiry: a new CA joins the bundle beside the old one, other replicas adopt the
/// result instead of rotating again. Against the sandbox and the real API server.
@Suite(.serialized)
struct TLSRotationTests {
    static let t0 = TLSFixtures.t0
    static let day = TLSFixtures.day

    @Test(arguments: ConformanceTarget.available)
    func nearExpiryANewCertificateServesWithBothCAsTrusted(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(2, cluster, TLSFixtures.configuration(namespace)) { stores in
                let (a, b) = (stores[0], stores[1])
                let original = try await a.ensure(now: Self.t0)
                #expect(try await a.rotateIfNeeded(now: Self.t0 + 300 * Self.day) == original, "outside the 30-day threshold")

                let soon = Self.t0 + 340 * Self.day
                let rotated = try await a.rotateIfNeeded(now: soon)
                #expect(rotated.certificateChainPEM != original.certificateChainPEM)
                #expect(rotated.caFingerprint != original.caFingerprint)
                #expect(rotated.notAfter == soon + 365 * Self.day)
                let bundle = try CertificateInfo.all(in: rotated.caBundlePEM).map(\.fingerprint)
                #expect(bundle == [rotated.caFingerprint, original.caFingerprint], "new CA + old CA")
                _ = try TLSMaterial(validatingChain: original.certificateChainPEM, privateKeyPEM: original.privateKeyPEM,
                                    caBundlePEM: rotated.caBundlePEM, source: .secret, requireIssuerInBundle: true)

                #expect(try await b.rotateIfNeeded(now: soon) == rotated, "the other replica adopts, it does not rotate again")
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(TLSFixtures.text(secret, "tls.crt") == rotated.certificateChainPEM)
                #expect(TLSFixtures.text(secret, "ca.crt") == rotated.caBundlePEM)
                #expect(try await b.rotateIfNeeded(now: Self.t0 + 366 * Self.day) == rotated, "nothing due after the rotation")
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func theNewCAIsPublishedBeforeTheNewCertificateIsServed(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(2, cluster, TLSFixtures.configuration(namespace, promotionDelay: 300)) { stores in
                let (a, b) = (stores[0], stores[1])
                let original = try await a.ensure(now: Self.t0)
                let t1 = Self.t0 + 340 * Self.day

                let staged = try await a.rotateIfNeeded(now: t1)
                #expect(staged.certificateChainPEM == original.certificateChainPEM, "still serving the old certificate")
                #expect(staged.caFingerprint == original.caFingerprint)
                let bundle = try CertificateInfo.all(in: staged.caBundlePEM).map(\.fingerprint)
                #expect(bundle.count == 2 && bundle.last == original.caFingerprint, "but the new CA is already trusted")
                #expect(try await b.rotateIfNeeded(now: t1 + 10) == staged, "not due yet on the other replica either")

                let promoted = try await b.rotateIfNeeded(now: t1 + 301)
                #expect(promoted.certificateChainPEM != original.certificateChainPEM)
                #expect(promoted.caBundlePEM == staged.caBundlePEM, "the bundle does not change when the certificate does")
                #expect(promoted.caFingerprint == bundle.first)
                #expect(try await a.rotateIfNeeded(now: t1 + 302) == promoted)
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func replicasRotatingAtOnceRotateOnlyOnce(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(3, cluster, TLSFixtures.configuration(namespace)) { stores in
                let original = try await stores[0].ensure(now: Self.t0)
                let soon = Self.t0 + 340 * Self.day
                let results = try await withThrowingTaskGroup(of: TLSMaterial.self) { group in
                    for store in stores { group.addTask { try await store.rotateIfNeeded(now: soon) } }
                    return try await group.reduce(into: [TLSMaterial]()) { $0.append($1) }
                }
                #expect(Set(results).count == 1)
                let bundle = try CertificateInfo.all(in: results.first?.caBundlePEM ?? "").map(\.fingerprint)
                #expect(bundle.count == 2 && bundle.last == original.caFingerprint, "one new CA, not one per replica")
            }
        }
    }

    /// Deterministic form of the rotation race: the other replica rotates between this one's GET
    /// and its PUT, which therefore gets 409 Conflict and must adopt the other rotation.
    @Test(arguments: ConformanceTarget.available)
    func losingTheRotationRaceAdoptsTheOtherRotation(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let configuration = TLSFixtures.configuration(namespace)
            let soon = Self.t0 + 340 * Self.day
            try await TLSFixtures.withReplicas(1, cluster, configuration) { winner in
                let original = try await winner[0].ensure(now: Self.t0)
                let won = Recorded<TLSMaterial>()
                let winnerStore = winner[0]
                try await TLSFixtures.withReplicas(1, cluster, configuration, transport: { _, inner in
                    InterleavingTransport(inner: inner, method: "PUT") {
                        let material = try? await winnerStore.rotateIfNeeded(now: soon)
                        won.set(material)
                    }
                }) { loser in
                    let adopted = try await loser[0].rotateIfNeeded(now: soon)
                    let winning = try #require(won.get)
                    #expect(winning.caFingerprint != original.caFingerprint)
                    #expect(adopted == winning)
                    #expect(try CertificateInfo.all(in: adopted.caBundlePEM).count == 2)
                }
            }
        }
    }

    @Test func aValidityShorterThanTheThresholdDoesNotRotateOnEveryTick() async throws {
        try await TestCluster.run(.sandbox) { cluster, namespace in
            var configuration = TLSFixtures.configuration(namespace)
            configuration.validity = Self.day
            try await TLSFixtures.withReplicas(1, cluster, configuration) { stores in
                let original = try await stores[0].ensure(now: Self.t0)
                #expect(try await stores[0].rotateIfNeeded(now: Self.t0 + 3600) == original)
                #expect(try await stores[0].rotateIfNeeded(now: Self.t0 + 13 * 3600) != original, "due in the last half")
            }
        }
    }

    @Test func anExpiredCertificateIsReplacedAtOnceAndExpiredCAsLeaveTheBundle() async throws {
        try await TestCluster.run(.sandbox) { cluster, namespace in
            try await TLSFixtures.withReplicas(1, cluster, TLSFixtures.configuration(namespace, promotionDelay: 300)) { stores in
                let original = try await stores[0].ensure(now: Self.t0)
                let replaced = try await stores[0].rotateIfNeeded(now: Self.t0 + 400 * Self.day)
                #expect(replaced.certificateChainPEM != original.certificateChainPEM, "nothing to protect: no staging")
                #expect(try CertificateInfo.all(in: replaced.caBundlePEM).map(\.fingerprint) == [replaced.caFingerprint])
            }
        }
    }
}
