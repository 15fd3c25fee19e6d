import Crypto
import FoundationEssentials
import OrkValue
import X509

/// What the gateway needs to know about one X.509 certificate, read from PEM: validity, names,
/// whether it is a CA, whether it may serve TLS, and its SHA-256 fingerprint.
public struct CertificateInfo: Sendable, Hashable {
    /// The subject's common name, when it has one.
    public var commonName: String?
    /// The subject (RFC 4514 text).
    public var subject: String
    /// The issuer (RFC 4514 text).
    public var issuer: String
    public var notBefore: Date
    public var notAfter: Date
    /// DNS names of the Subject Alternative Name extension.
    public var dnsNames: [String]
    /// IP addresses of the Subject Alternative Name extension, as text.
    public var ipAddresses: [String]
    /// Basic constraints say CA.
    public var isCA: Bool
    /// The extended key usage allows TLS server authentication.
    public var allowsServerAuth: Bool
    /// `sha256:<hex>` of the DER.
    public var fingerprint: String

    let certificate: Certificate

    /// Reads the first certificate in `pem`.
    public init(pem: String) throws(TLSError) {
        guard let der = try PEM.certificates(in: pem, what: "the certificate").first else {
            throw TLSError(.invalidPEM, "the certificate holds no CERTIFICATE block")
        }
        try self.init(der: der)
    }

    /// Reads every certificate in `pem` (a chain or a CA bundle), at least one.
    public static func all(in pem: String) throws(TLSError) -> [CertificateInfo] {
        var result: [CertificateInfo] = []
        for der in try PEM.certificates(in: pem, what: "the bundle") {
            result.append(try CertificateInfo(der: der))
        }
        return result
    }

    init(der: [UInt8]) throws(TLSError) {
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw TLSError(.invalidCertificate, "not an X.509 certificate: \(error)")
        }
        self.certificate = certificate
        self.subject = certificate.subject.description
        self.issuer = certificate.issuer.description
        self.commonName = certificate.subject.flatMap { $0 }
            .first { $0.type == .RDNAttributeType.commonName }
            .flatMap { String($0.value) }
        self.notBefore = certificate.notValidBefore
        self.notAfter = certificate.notValidAfter
        var dns: [String] = [], ips: [String] = []
        let extensions = certificate.extensions
        let alternativeNames = ((try? extensions.subjectAlternativeNames) ?? nil) ?? SubjectAlternativeNames()
        for name in alternativeNames {
            switch name {
            case .dnsName(let value): dns.append(value)
            case .ipAddress(let bytes): if let text = IPAddressBytes.format(bytes.bytes) { ips.append(text) }
            default: break
            }
        }
        self.dnsNames = dns
        self.ipAddresses = ips
        if case .isCertificateAuthority = (try? extensions.basicConstraints) ?? nil {
            self.isCA = true
        } else {
            self.isCA = false
        }
        let usages = (try? extensions.extendedKeyUsage) ?? nil
        self.allowsServerAuth = usages.map { $0.contains(.serverAuth) } ?? false
        self.fingerprint = Self.fingerprint(der: der)
    }

    /// `sha256:<lowercase hex>` of `der`.
    static func fingerprint(der: [UInt8]) -> String {
        "sha256:" + ContentHash.sha256(bytes: der)
    }

    /// Whether `issuer` signed this certificate (names match and the signature verifies).
    func isIssued(by issuer: CertificateInfo) -> Bool {
        certificate.issuer == issuer.certificate.subject
            && issuer.certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    /// Whether `key` is this certificate's private key.
    func matches(_ key: Certificate.PrivateKey) -> Bool {
        key.publicKey == certificate.publicKey
    }
}
