import Foundation
import OrkGateway
import Testing

/// Generated CAs and serving certificates carry what Kubernetes' API server checks, and bad
/// PEM, keys and files give clear errors.
struct TLSCertificateTests {
    @Test func servingCertificateCarriesTheServiceNamesIPsAndValidity() throws {
        let now = TLSFixtures.t0
        let ca = try CertificateAuthority.generate(validity: 30 * TLSFixtures.day, now: now)
        let leaf = try ca.issueServingCertificate(dnsNames: TLSFixtures.dnsNames + ["localhost"],
                                                  ipAddresses: ["127.0.0.1", "::1"], validity: 7 * TLSFixtures.day, now: now)
        let info = try CertificateInfo(pem: leaf.certificatePEM)
        #expect(info.dnsNames == ["orkestra-gateway", "orkestra-gateway.orkestra-system", "orkestra-gateway.orkestra-system.svc",
                                  "orkestra-gateway.orkestra-system.svc.cluster.local", "localhost"])
        #expect(info.ipAddresses == ["127.0.0.1", "::1"])
        #expect(info.commonName == "orkestra-gateway")
        #expect(info.notAfter == now.addingTimeInterval(7 * TLSFixtures.day))
        #expect(info.notBefore == now.addingTimeInterval(-CertificateAuthority.clockSkew))
        #expect(leaf.notAfter == info.notAfter)
        #expect(!info.isCA)
        #expect(info.allowsServerAuth)

        let caInfo = try CertificateInfo(pem: ca.certificatePEM)
        #expect(caInfo.isCA)
        #expect(!caInfo.allowsServerAuth)
        #expect(caInfo.notAfter == now.addingTimeInterval(30 * TLSFixtures.day))
        #expect(caInfo.fingerprint == ca.fingerprint)
        #expect(ca.fingerprint.hasPrefix("sha256:") && ca.fingerprint.count == 7 + 64)
        #expect(info.issuer == caInfo.subject)
    }

    @Test func aServingCertificateNeverOutlivesItsCA() throws {
        let ca = try CertificateAuthority.generate(validity: TLSFixtures.day, now: TLSFixtures.t0)
        let leaf = try ca.issueServingCertificate(dnsNames: ["a"], validity: 10 * TLSFixtures.day, now: TLSFixtures.t0)
        #expect(leaf.notAfter == ca.notAfter)
    }

    @Test func generatedMaterialValidatesAndNamesItsCA() throws {
        let material = try CertificateAuthority.generateMaterial(dnsNames: ["a.b.svc"], validity: TLSFixtures.day, now: TLSFixtures.t0)
        let checked = try TLSMaterial(validatingChain: material.certificateChainPEM, privateKeyPEM: material.privateKeyPEM,
                                      caBundlePEM: material.caBundlePEM, source: .secret, requireIssuerInBundle: true)
        #expect(checked == material)
        #expect(try CertificateInfo.all(in: material.caBundlePEM).map(\.fingerprint) == [material.caFingerprint])
        #expect(material.source == .secret)
        #expect(!material.description.contains("PRIVATE"), "description never prints the key")
    }

    @Test func aKeyOrCAThatDoesNotBelongIsRefused() throws {
        let one = try CertificateAuthority.generateMaterial(dnsNames: ["one"], validity: TLSFixtures.day)
        let two = try CertificateAuthority.generateMaterial(dnsNames: ["two"], validity: TLSFixtures.day)
        #expect(throws: TLSError.self) {
            try TLSMaterial(validatingChain: one.certificateChainPEM, privateKeyPEM: two.privateKeyPEM,
                            caBundlePEM: one.caBundlePEM, source: .files)
        }
        #expect(throws: TLSError.self) {
            try TLSMaterial(validatingChain: one.certificateChainPEM, privateKeyPEM: one.privateKeyPEM,
                            caBundlePEM: two.caBundlePEM, source: .secret, requireIssuerInBundle: true)
        }
    }

    @Test(arguments: [
        ("", TLSError.Kind.invalidPEM),
        ("garbage", .invalidPEM),
        ("-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n", .invalidPEM),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n", .invalidPEM),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n", .invalidPEM),
        ("-----BEGIN CERTIFICATE-----\nAAECAwQ=\n-----END CERTIFICATE-----\n", .invalidCertificate),
    ])
    func garbagePEMIsAClearError(_ text: String, _ kind: TLSError.Kind) {
        let error = #expect(throws: TLSError.self) { try CertificateInfo(pem: text) }
        #expect(error?.kind == kind)
    }

    @Test func garbageKeyIsAClearError() throws {
        let material = try CertificateAuthority.generateMaterial(dnsNames: ["a"], validity: TLSFixtures.day)
        let error = #expect(throws: TLSError.self) {
            try TLSMaterial(validatingChain: material.certificateChainPEM, privateKeyPEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                            caBundlePEM: "", source: .files)
        }
        #expect(error?.kind == .invalidCertificate)
    }

    @Test func badIPAddressesAndNoNamesAreRefused() throws {
        let ca = try CertificateAuthority.generate(validity: TLSFixtures.day)
        #expect(throws: TLSError.self) { try ca.issueServingCertificate(dnsNames: ["a"], ipAddresses: ["300.1.1.1"], validity: 60) }
        #expect(throws: TLSError.self) { try ca.issueServingCertificate(dnsNames: [], validity: 60) }
    }

    @Test func filesLoadWithTheirCAAndBadFilesAreClearErrors() throws {
        let directory = try TLSFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let material = try CertificateAuthority.generateMaterial(dnsNames: ["files"], validity: TLSFixtures.day)
        let cert = directory.appendingPathComponent("tls.crt").path, key = directory.appendingPathComponent("tls.key").path
        let ca = directory.appendingPathComponent("ca.crt").path, chain = directory.appendingPathComponent("chain.crt").path
        try Data(material.certificateChainPEM.utf8).write(to: URL(fileURLWithPath: cert))
        try Data(material.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: key))
        try Data(material.caBundlePEM.utf8).write(to: URL(fileURLWithPath: ca))
        try Data((material.certificateChainPEM + material.caBundlePEM).utf8).write(to: URL(fileURLWithPath: chain))

        let withCA = try CertificateStore.loadFiles(certPath: cert, keyPath: key, caPath: ca)
        #expect(withCA.source == .files)
        #expect(withCA.caFingerprint == material.caFingerprint)
        #expect(withCA.notAfter == material.notAfter)
        let fromChain = try CertificateStore.loadFiles(certPath: chain, keyPath: key)
        #expect(fromChain.caFingerprint == material.caFingerprint, "the chain's certificates after the leaf form the bundle")
        let leafOnly = try CertificateStore.loadFiles(certPath: cert, keyPath: key)
        #expect(leafOnly.caBundlePEM.isEmpty && leafOnly.caFingerprint.isEmpty)

        let missing = #expect(throws: TLSError.self) { try CertificateStore.loadFiles(certPath: cert + ".missing", keyPath: key) }
        #expect(missing?.kind == .unreadableFile)
        let notACertificate = #expect(throws: TLSError.self) { try CertificateStore.loadFiles(certPath: key, keyPath: key) }
        #expect(notACertificate?.kind == .invalidPEM)
    }
}
