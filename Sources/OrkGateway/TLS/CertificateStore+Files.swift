import FoundationEssentials

extension CertificateStore {
    /// Material from `TLS_CERT`/`TLS_KEY` files (source `files`): the chain, its key (checked to
    /// match), and as CA bundle the file at `caPath` when given, else the chain's certificates after
    /// the leaf. Call again on a timer and hand the result to `TLSReloader.reload(_:)` to pick up
    /// renewed files (e.g. from cert-manager) without a restart; unchanged files change nothing.
    public static func loadFiles(certPath: String, keyPath: String, caPath: String? = nil) throws(TLSError) -> TLSMaterial {
        let chain = try readText(certPath), key = try readText(keyPath)
        let bundle: String
        if let caPath {
            bundle = try readText(caPath)
        } else {
            bundle = ((try? PEM.certificates(in: chain, what: "the certificate file")) ?? []).dropFirst()
                .map { PEM.encode(label: "CERTIFICATE", der: $0) }.joined()
        }
        return try TLSMaterial(validatingChain: chain, privateKeyPEM: key, caBundlePEM: bundle, source: .files)
    }

    private static func readText(_ path: String) throws(TLSError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TLSError(.unreadableFile, "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw TLSError(.unreadableFile, "\(path) is not text") }
        return text
    }
}
