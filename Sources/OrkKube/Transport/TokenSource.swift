import Foundation
import OrkValue

/// Supplies the `Authorization` header, re-reading a token file when it changes (service-account
/// tokens are rotated on disk) and at least once a minute.
actor TokenSource {
    private let credentials: Credentials
    private var cachedToken: String?
    private var cachedModification: Date?
    private var lastCheck = ContinuousClock.now - .seconds(3600)
    private let clock = ContinuousClock()

    init(credentials: Credentials) {
        self.credentials = credentials
    }

    /// The header value, or nil for anonymous requests.
    func authorization() throws(KubeError) -> String? {
        switch credentials {
        case .none:
            return nil
        case .token(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic " + Base64.encode("\(username):\(password)".utf8)
        case .tokenFile(let path):
            return "Bearer \(try fileToken(path))"
        }
    }

    /// Forgets the cached token so the next request re-reads it (after a 401).
    func invalidate() {
        cachedToken = nil
    }

    private func fileToken(_ path: String) throws(KubeError) -> String {
        let now = clock.now
        let modification = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        if let cachedToken, modification == cachedModification, now - lastCheck < .seconds(60) {
            return cachedToken
        }
        guard let data = FileManager.default.contents(atPath: path),
              let token = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines),
              !token.isEmpty
        else {
            if let cachedToken { return cachedToken }  // keep working through a rotation's brief gap
            throw KubeError(kind: .configuration, message: "token file \(path) cannot be read or is empty")
        }
        cachedToken = token
        cachedModification = modification
        lastCheck = now
        return token
    }
}
