import Crypto
import FoundationEssentials
import X509

/// A self-signed certificate authority (P-256 ECDSA) that signs the gateway's serving certificates.
///
/// Only ever held in memory: the shared Secret stores the CA certificate (for `ca.crt`), never
/// its key; rotation makes a new CA rather than re-signing with an old one.
public struct CertificateAuthority: Sendable {
    /// The CA certificate (PEM).
    public let certificatePEM: String
    /// When the CA certificate expires.
    public let notAfter: Date
    /// `sha256:<hex>` of the CA certificate's DER.
    public let fingerprint: String
    let certificate: Certificate
    let key: Certificate.PrivateKey

    /// Allowance for clocks behind ours: certificates are valid from this long before `now`.
    public static let clockSkew: TimeInterval = 3600

    /// Generates a new CA valid from `now - clockSkew` to `now + validity`.
    public static func generate(commonName: String = "orkestra-gateway-ca", validity: TimeInterval,
                                now: Date = Date()) throws(TLSError) -> CertificateAuthority {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        do {
            let name = try DistinguishedName {
                OrganizationName("orkestra")
                CommonName(commonName)
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                notValidBefore: now.addingTimeInterval(-clockSkew), notValidAfter: now.addingTimeInterval(validity),
                issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
                issuerPrivateKey: key)
            return try CertificateAuthority(certificate: certificate, key: key)
        } catch let error as TLSError {
            throw error
        } catch {
            throw TLSError(.generation, "cannot create the CA certificate: \(error)")
        }
    }

    init(certificate: Certificate, key: Certificate.PrivateKey) throws(TLSError) {
        self.certificate = certificate
        self.key = key
        self.notAfter = certificate.notValidAfter
        let pem: String
        do {
            pem = try certificate.serializeAsPEM().pemString + "\n"
        } catch {
            throw TLSError(.generation, "cannot encode the CA certificate: \(error)")
        }
        self.certificatePEM = pem
        self.fingerprint = try CertificateInfo(pem: pem).fingerprint
    }

    /// The names a Service answers to inside the cluster: `<svc>`, `<svc>.<ns>`, `<svc>.<ns>.svc`
    /// and `<svc>.<ns>.svc.cluster.local`.
    public static func serviceDNSNames(service: String, namespace: String) -> [String] {
        [service, "\(service).\(namespace)", "\(service).\(namespace).svc", "\(service).\(namespace).svc.cluster.local"]
    }

    /// Issues a serving certificate (server-auth) for `dnsNames` and `ipAddresses` (dotted IPv4
    /// or IPv6 text), with a new P-256 key, valid from `now - clockSkew` to the earlier of
    /// `now + validity` and this CA's expiry. The chain is the leaf alone; clients trust the CA.
    public func issueServingCertificate(dnsNames: [String], ipAddresses: [String] = [], validity: TimeInterval,
                                        now: Date = Date()) throws(TLSError) -> ServingCertificate {
        guard !dnsNames.isEmpty || !ipAddresses.isEmpty else {
            throw TLSError(.generation, "a serving certificate needs at least one DNS name or IP address")
        }
        var names = dnsNames.map { GeneralName.dnsName($0) }
        for address in ipAddresses {
            guard let bytes = IPAddressBytes.parse(address) else {
                throw TLSError(.generation, "\(address) is not an IPv4 or IPv6 address")
            }
            names.append(.ipAddress(.init(contentBytes: bytes[...])))
        }
        let leafKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let notAfter = min(now.addingTimeInterval(validity), self.notAfter)
        do {
            let authorityKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            let subject = try DistinguishedName {
                OrganizationName("orkestra")
                CommonName(dnsNames.first ?? ipAddresses.first ?? "orkestra-gateway")
            }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                SubjectKeyIdentifier(hash: leafKey.publicKey)
                AuthorityKeyIdentifier(keyIdentifier: authorityKeyID)
            }
            let leaf = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: leafKey.publicKey,
                notValidBefore: now.addingTimeInterval(-Self.clockSkew), notValidAfter: notAfter,
                issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: extensions, issuerPrivateKey: key)
            return ServingCertificate(certificatePEM: try leaf.serializeAsPEM().pemString + "\n",
                                      privateKeyPEM: try leafKey.serializeAsPEM().pemString + "\n",
                                      notAfter: leaf.notValidAfter)
        } catch let error as TLSError {
            throw error
        } catch {
            throw TLSError(.generation, "cannot issue the serving certificate: \(error)")
        }
    }

    /// A fresh CA and a serving certificate it signed, as one `TLSMaterial` (source `secret`)
    /// whose bundle is the new CA followed by `previousCAs` (kept for overlap).
    public static func generateMaterial(dnsNames: [String], ipAddresses: [String] = [], validity: TimeInterval,
                                        previousCAs: [String] = [], now: Date = Date()) throws(TLSError) -> TLSMaterial {
        let ca = try generate(validity: validity, now: now)
        let leaf = try ca.issueServingCertificate(dnsNames: dnsNames, ipAddresses: ipAddresses, validity: validity, now: now)
        return TLSMaterial(certificateChainPEM: leaf.certificatePEM, privateKeyPEM: leaf.privateKeyPEM,
                           caBundlePEM: ([ca.certificatePEM] + previousCAs).joined(), notAfter: leaf.notAfter,
                           caFingerprint: ca.fingerprint, source: .secret)
    }
}

/// A serving certificate and its private key, as PEM.
public struct ServingCertificate: Sendable, Hashable {
    public var certificatePEM: String
    public var privateKeyPEM: String
    public var notAfter: Date
}
