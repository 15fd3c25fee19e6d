import FoundationEssentials
import OrkValue

/// The certificate, key and CA bundle the gateway serves HTTPS with, as PEM text.
///
/// A value type: the store produces it, the reloader swaps it in, the webhook registrar copies
/// `caBundlePEM` into webhook configurations. Two values are equal when every field is.
public struct TLSMaterial: Sendable, Hashable, CustomStringConvertible {
    /// Where the material came from.
    public enum Source: String, Sendable, Hashable {
        /// `TLS_CERT`/`TLS_KEY` files supplied by the operator of the gateway.
        case files
        /// The shared Secret (self-generated and adopted by every replica).
        case secret
    }

    /// The serving certificate first, then any intermediates (PEM, one or more blocks).
    public var certificateChainPEM: String
    /// The serving certificate's private key (PEM, PKCS#8 or SEC1).
    public var privateKeyPEM: String
    /// Every CA a client should trust (PEM, zero or more blocks). During rotation it holds the
    /// old and the new CA so either certificate verifies.
    public var caBundlePEM: String
    /// When the serving certificate expires.
    public var notAfter: Date
    /// `sha256:<hex>` of the DER of the CA that issued the serving certificate (as
    /// `openssl x509 -fingerprint -sha256` prints it, lowercase, no colons); empty when no CA is known.
    public var caFingerprint: String
    /// Where the material came from.
    public var source: Source

    public init(certificateChainPEM: String, privateKeyPEM: String, caBundlePEM: String, notAfter: Date,
                caFingerprint: String, source: Source) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
        self.caBundlePEM = caBundlePEM
        self.notAfter = notAfter
        self.caFingerprint = caFingerprint
        self.source = source
    }

    /// The CA bundle as the bytes a webhook configuration's `caBundle` field takes (base64 of the PEM).
    public var caBundleBase64: String { Base64.encode(caBundlePEM.utf8) }

    /// Never prints the private key.
    public var description: String {
        "TLSMaterial(source: \(source.rawValue), notAfter: \(notAfter), ca: \(caFingerprint))"
    }
}
