/// Why TLS material could not be generated, parsed, stored or served.
public struct TLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as callers branch on it.
    public enum Kind: String, Sendable, Hashable {
        /// Text that should be PEM holds no usable block, or a block is not valid base64.
        case invalidPEM
        /// A certificate or key could not be decoded, or they do not belong together.
        case invalidCertificate
        /// The Secret lacks a key or holds data that cannot be used.
        case invalidSecret
        /// A certificate or key file could not be read.
        case unreadableFile
        /// Generating or signing a certificate failed.
        case generation
        /// The Kubernetes API refused or failed a request the store needs.
        case kubernetes
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "TLS \(kind.rawValue): \(message)" }
}
