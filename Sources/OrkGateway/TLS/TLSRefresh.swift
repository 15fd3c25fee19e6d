import FoundationEssentials
import Logging

extension TLSReloader {
    /// Until the calling task is cancelled: every `interval`, asks `store` to rotate when due (and
    /// to adopt another replica's rotation) and serves the result. Errors are logged and retried
    /// on the next tick; the current material keeps being served meanwhile.
    public func keepCurrent(with store: CertificateStore, every interval: Duration = .seconds(60),
                            logger: Logger = Logger(label: "orkestra.gateway.tls")) async {
        await tick(every: interval) { () throws(TLSError) in
            let material = try await store.rotateIfNeeded()
            if try reload(material) {
                logger.info("serving new TLS material", metadata: ["ca": "\(material.caFingerprint)", "notAfter": "\(material.notAfter)"])
            }
        } onError: { error in
            logger.warning("TLS refresh from the Secret failed; serving the current certificate", metadata: ["error": "\(error)"])
        }
    }

    /// Until the calling task is cancelled: every `interval`, re-reads the `TLS_CERT`/`TLS_KEY`
    /// files and serves them when they changed (e.g. renewed by cert-manager). A half-written or
    /// mismatched pair is logged and skipped; the current material keeps being served.
    public func keepCurrent(certPath: String, keyPath: String, caPath: String? = nil, every interval: Duration = .seconds(30),
                            logger: Logger = Logger(label: "orkestra.gateway.tls")) async {
        await tick(every: interval) { () throws(TLSError) in
            let material = try CertificateStore.loadFiles(certPath: certPath, keyPath: keyPath, caPath: caPath)
            if try reload(material) {
                logger.info("serving renewed TLS files", metadata: ["cert": "\(certPath)", "notAfter": "\(material.notAfter)"])
            }
        } onError: { error in
            logger.warning("TLS files could not be reloaded; serving the current certificate", metadata: ["error": "\(error)"])
        }
    }

    private func tick(every interval: Duration, _ body: () async throws(TLSError) -> Void,
                      onError: (TLSError) -> Void) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                try await body()
            } catch {
                onError(error)
            }
        }
    }
}
