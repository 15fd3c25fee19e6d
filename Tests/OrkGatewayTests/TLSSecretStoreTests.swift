import Foundation
import OrkGateway
import OrkKube
import OrkTestSupport
import OrkValue
import Testing

/// The shared Secret: created once, adopted by other replicas, race safe, replaced when unusable,
/// recreated from memory when deleted. Against the sandbox and the real API server.
@Suite(.serialized)
struct TLSSecretStoreTests {
    @Test(arguments: ConformanceTarget.available)
    func createsTheSecretOnceAndAnotherReplicaAdoptsIt(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(2, cluster, TLSFixtures.configuration(namespace)) { stores in
                let first = try await stores[0].ensure()
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(secret["type"] == "kubernetes.io/tls")
                #expect(secret.value(atDotted: "metadata.labels")?["app.kubernetes.io/name"] == "orkestra")
                #expect(secret.value(atDotted: "metadata.labels")?["orkestra.io/deletion-protection"] == "true")
                #expect(TLSFixtures.text(secret, "tls.crt") == first.certificateChainPEM)
                #expect(TLSFixtures.text(secret, "tls.key") == first.privateKeyPEM)
                #expect(TLSFixtures.text(secret, "ca.crt") == first.caBundlePEM)
                #expect(first.source == .secret)
                let version = secret.value(atDotted: "metadata.resourceVersion")

                let second = try await stores[1].ensure()
                #expect(second == first)
                #expect(try await TLSFixtures.secret(cluster, namespace).value(atDotted: "metadata.resourceVersion") == version,
                        "adopting writes nothing")
                let info = try CertificateInfo(pem: first.certificateChainPEM)
                #expect(Set(info.dnsNames) == Set(TLSFixtures.dnsNames))
                #expect(info.ipAddresses == ["127.0.0.1"])
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func replicasRacingEnsureEndWithOneSecretAndTheSameMaterial(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(4, cluster, TLSFixtures.configuration(namespace)) { stores in
                let results = try await withThrowingTaskGroup(of: TLSMaterial.self) { group in
                    for store in stores { group.addTask { try await store.ensure() } }
                    return try await group.reduce(into: [TLSMaterial]()) { $0.append($1) }
                }
                #expect(results.count == 4)
                #expect(Set(results).count == 1, "every replica serves the same certificate")
                #expect(try await TLSFixtures.secretCount(cluster, namespace) == 1)
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(TLSFixtures.text(secret, "tls.crt") == results.first?.certificateChainPEM)
            }
        }
    }

    /// Deterministic form of the race: the other replica creates the Secret between this one's
    /// GET (404) and its POST, which therefore gets 409 AlreadyExists and must adopt theirs.
    @Test(arguments: ConformanceTarget.available)
    func losingTheCreateRaceAdoptsTheWinnersSecret(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let configuration = TLSFixtures.configuration(namespace)
            try await TLSFixtures.withReplicas(1, cluster, configuration) { winner in
                let won = Recorded<TLSMaterial>()
                let winnerStore = winner[0]
                try await TLSFixtures.withReplicas(1, cluster, configuration, transport: { _, inner in
                    InterleavingTransport(inner: inner, method: "POST") {
                        let material = try? await winnerStore.ensure()
                        won.set(material)
                    }
                }) { loser in
                    let adopted = try await loser[0].ensure()
                    let winning = try #require(won.get)
                    #expect(adopted == winning)
                    #expect(try await TLSFixtures.secretCount(cluster, namespace) == 1)
                }
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func anUnusableSecretIsReplacedNotFatal(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            let garbage = Data("garbage".utf8).base64EncodedString()
            _ = try await cluster.client.create(TLSFixtures.secrets, namespace: namespace, [
                "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                "metadata": ["name": .string(CertificateStore.Configuration.defaultSecretName), "namespace": .string(namespace)],
                "data": ["tls.crt": .string(garbage), "tls.key": .string(garbage)],
            ])
            try await TLSFixtures.withReplicas(1, cluster, TLSFixtures.configuration(namespace)) { stores in
                let material = try await stores[0].ensure()
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(TLSFixtures.text(secret, "tls.crt") == material.certificateChainPEM)
                #expect(TLSFixtures.text(secret, "ca.crt") == material.caBundlePEM)
                #expect(secret.value(atDotted: "metadata.labels")?["orkestra.io/deletion-protection"] == "true")
                _ = try TLSMaterial(validatingChain: material.certificateChainPEM, privateKeyPEM: material.privateKeyPEM,
                                    caBundlePEM: material.caBundlePEM, source: .secret, requireIssuerInBundle: true)
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func aSecretMissingKeysIsReplaced(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            _ = try await cluster.client.create(TLSFixtures.secrets, namespace: namespace, [
                "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": ["name": .string(CertificateStore.Configuration.defaultSecretName), "namespace": .string(namespace)],
                "data": ["unrelated": .string(Data("x".utf8).base64EncodedString())],
            ])
            try await TLSFixtures.withReplicas(1, cluster, TLSFixtures.configuration(namespace)) { stores in
                let material = try await stores[0].ensure()
                #expect(try await stores[0].ensure() == material, "the replaced Secret is adopted as it is")
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(TLSFixtures.text(secret, "tls.key") == material.privateKeyPEM)
            }
        }
    }

    @Test(arguments: ConformanceTarget.available)
    func aDeletedSecretIsRecreatedWithTheSameCertificate(_ target: ConformanceTarget) async throws {
        try await TestCluster.run(target) { cluster, namespace in
            try await TLSFixtures.withReplicas(1, cluster, TLSFixtures.configuration(namespace)) { stores in
                let material = try await stores[0].ensure()
                _ = try await cluster.client.delete(TLSFixtures.secrets, namespace: namespace,
                                                    name: CertificateStore.Configuration.defaultSecretName)
                #expect(try await stores[0].rotateIfNeeded() == material)
                let secret = try await TLSFixtures.secret(cluster, namespace)
                #expect(TLSFixtures.text(secret, "ca.crt") == material.caBundlePEM, "caBundles already handed out stay valid")
            }
        }
    }
}
