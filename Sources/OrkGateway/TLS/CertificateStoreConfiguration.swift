import FoundationEssentials

extension CertificateStore {
    /// Where the shared Secret lives, what the serving certificate names, and when it rotates.
    public struct Configuration: Sendable, Hashable {
        /// The gateway's namespace (the Secret's and the Service's).
        public var namespace: String
        /// The Secret shared by every replica.
        public var secretName: String
        /// DNS names the serving certificate carries (see `CertificateAuthority.serviceDNSNames`).
        public var dnsNames: [String]
        /// IP addresses the serving certificate carries (e.g. `127.0.0.1` for `--dev`).
        public var ipAddresses: [String]
        /// How long a new CA and serving certificate are valid.
        public var validity: TimeInterval
        /// Rotate once the serving certificate expires within this long (at most half of `validity`).
        public var rotationThreshold: TimeInterval
        /// How long a new CA is published in `ca.crt` before replicas serve the certificate it
        /// signed, so webhook configurations carry it first. Zero swaps both at once.
        public var promotionDelay: TimeInterval

        public static let defaultSecretName = "orkestra-internal-tls"
        public static let day: TimeInterval = 86_400

        public init(namespace: String, dnsNames: [String], ipAddresses: [String] = [],
                    secretName: String = defaultSecretName, validity: TimeInterval = 365 * day,
                    rotationThreshold: TimeInterval = 30 * day, promotionDelay: TimeInterval = 300) {
            self.namespace = namespace
            self.secretName = secretName
            self.dnsNames = dnsNames
            self.ipAddresses = ipAddresses
            self.validity = validity
            self.rotationThreshold = rotationThreshold
            self.promotionDelay = promotionDelay
        }
    }
}
