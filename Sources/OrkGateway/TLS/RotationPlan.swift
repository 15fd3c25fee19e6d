import FoundationEssentials

/// Decides what the shared Secret should hold next. Pure: no I/O, `now` is given.
enum RotationPlan {
    /// New material: a new CA and a serving certificate it signed, nothing else trusted.
    static func fresh(configuration: CertificateStore.Configuration, now: Date) throws(TLSError) -> TLSMaterial {
        try CertificateAuthority.generateMaterial(dnsNames: configuration.dnsNames, ipAddresses: configuration.ipAddresses,
                                                  validity: configuration.validity, now: now)
    }

    /// The Secret's next state, or nil when it is fine as it is.
    ///
    /// - A staged certificate is promoted once `promotionDelay` has passed since it was staged
    ///   (or at once when the serving certificate has expired).
    /// - A serving certificate within `rotationThreshold` of expiry gets a new CA, added to the
    ///   bundle beside the old CAs that have not expired; the certificate it signed is staged, or
    ///   served at once when `promotionDelay` is zero or the current one has expired.
    static func next(after secret: TLSSecret, configuration: CertificateStore.Configuration,
                     now: Date) throws(TLSError) -> TLSSecret? {
        let expired = secret.current.notAfter <= now
        if let staged = secret.staged {
            let due = expired || secret.stagedAt.map { now >= $0.addingTimeInterval(configuration.promotionDelay) } ?? true
            guard due else { return nil }
            let bundle = unexpired(secret.current.caCertificates, now: now).joined()
            return TLSSecret(current: try TLSMaterial(validatingChain: staged.certificatePEM, privateKeyPEM: staged.privateKeyPEM,
                                                      caBundlePEM: bundle, source: .secret, requireIssuerInBundle: true))
        }
        guard secret.current.notAfter.timeIntervalSince(now) <= threshold(configuration) else { return nil }
        let rotated = try CertificateAuthority.generateMaterial(
            dnsNames: configuration.dnsNames, ipAddresses: configuration.ipAddresses, validity: configuration.validity,
            previousCAs: unexpired(secret.current.caCertificates, now: now), now: now)
        if expired || configuration.promotionDelay <= 0 {
            return TLSSecret(current: rotated)
        }
        var current = secret.current
        current.caBundlePEM = rotated.caBundlePEM
        return TLSSecret(current: current,
                         staged: ServingCertificate(certificatePEM: rotated.certificateChainPEM,
                                                    privateKeyPEM: rotated.privateKeyPEM, notAfter: rotated.notAfter),
                         stagedAt: now)
    }

    /// The rotation threshold, at most half the validity: a validity shorter than the threshold
    /// must not make every new certificate due at once (rotating on every tick).
    static func threshold(_ configuration: CertificateStore.Configuration) -> TimeInterval {
        min(configuration.rotationThreshold, configuration.validity / 2)
    }

    /// The CA certificates (PEM each) that are still valid at `now`.
    static func unexpired(_ certificates: [String], now: Date) -> [String] {
        certificates.filter { pem in ((try? CertificateInfo(pem: pem))?.notAfter).map { $0 > now } ?? false }
    }
}
