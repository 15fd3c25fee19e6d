import FoundationEssentials
import X509

extension TLSMaterial {
    /// Checks that `certificateChainPEM` holds a certificate, `privateKeyPEM` is its key and
    /// `caBundlePEM` (when not empty) holds only certificates, and fills in `notAfter` and
    /// `caFingerprint` (the bundle CA that signed the leaf, else the bundle's first CA, else empty).
    /// With `requireIssuerInBundle`, the leaf must be signed by a CA of the bundle.
    public init(validatingChain certificateChainPEM: String, privateKeyPEM: String, caBundlePEM: String,
                source: Source, requireIssuerInBundle: Bool = false) throws(TLSError) {
        let chain = try CertificateInfo.all(in: certificateChainPEM)
        guard let leaf = chain.first else { throw TLSError(.invalidCertificate, "the certificate chain is empty") }
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
        } catch {
            throw TLSError(.invalidCertificate, "the private key cannot be read: \(error)")
        }
        guard leaf.matches(key) else {
            throw TLSError(.invalidCertificate, "the private key does not belong to the certificate \(leaf.subject)")
        }
        let bundle = caBundlePEM.contains("-----BEGIN") ? try CertificateInfo.all(in: caBundlePEM) : []
        let issuer = bundle.first { leaf.isIssued(by: $0) }
        if requireIssuerInBundle && issuer == nil {
            throw TLSError(.invalidCertificate, "no CA in the bundle signed the certificate \(leaf.subject)")
        }
        self.init(certificateChainPEM: certificateChainPEM, privateKeyPEM: privateKeyPEM, caBundlePEM: caBundlePEM,
                  notAfter: leaf.notAfter, caFingerprint: (issuer ?? bundle.first)?.fingerprint ?? "", source: source)
    }

    /// The certificates of `caBundlePEM`, one PEM string each (empty when the bundle is empty or unreadable).
    var caCertificates: [String] {
        ((try? PEM.blocks(in: caBundlePEM)) ?? []).filter { $0.label == "CERTIFICATE" }
            .map { PEM.encode(label: $0.label, der: $0.der) }
    }
}
