import FoundationEssentials
import OrkValue

/// Supplies the `Authorization` header, re-reading a token file when it changes (service-account
/// tokens are rotated on disk) and at least once a minute, and running an exec credential plugin
/// when its token is missing, expired or refused (one run at a time; concurrent requests share it).
actor TokenSource {
    private let credentials: Credentials
    private var cachedToken: String?
    private var cachedModification: Date?
    private var lastCheck = ContinuousClock.now - .seconds(3600)
    private let clock = ContinuousClock()
    /// Wall-clock time, for exec tokens' `expirationTimestamp` (injected by tests).
    private let now: @Sendable () -> Date
    private var execToken: ExecToken?
    private var execRun: Task<Result<ExecToken, KubeError>, Never>?
    /// How many times the exec plugin ran (tests and logs).
    private(set) var execRuns = 0
    /// An exec token this close to its expiry is renewed before use.
    static let expirySkew: TimeInterval = 5

    init(credentials: Credentials, now: @escaping @Sendable () -> Date = { Date() }) {
        self.credentials = credentials
        self.now = now
    }

    /// The header value, or nil for anonymous requests.
    func authorization() async throws(KubeError) -> String? {
        switch credentials {
        case .none:
            return nil
        case .token(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic " + Base64.encode("\(username):\(password)".utf8)
        case .tokenFile(let path):
            return "Bearer \(try fileToken(path))"
        case .exec(let plugin):
            return "Bearer \(try await pluginToken(plugin))"
        }
    }

    /// Forgets the cached token so the next request re-reads it (after a 401). Returns whether a
    /// request retried now could carry another token (a file or plugin may give a new one).
    @discardableResult
    func invalidate() -> Bool {
        cachedToken = nil
        execToken = nil
        switch credentials {
        case .tokenFile, .exec: return true
        case .none, .token, .basic: return false
        }
    }

    private func pluginToken(_ plugin: ExecPlugin) async throws(KubeError) -> String {
        if let execToken, execToken.expiry.map({ now().addingTimeInterval(Self.expirySkew) < $0 }) ?? true {
            return execToken.token
        }
        let run: Task<Result<ExecToken, KubeError>, Never>
        if let execRun {
            run = execRun
        } else {
            run = Task {
                do throws(KubeError) {
                    return .success(try await ExecCredentialRunner(plugin: plugin).run())
                } catch {
                    return .failure(error)
                }
            }
            execRun = run
            execRuns += 1
        }
        let result = await run.value
        if execRun == run { execRun = nil }
        switch result {
        case .success(let token):
            execToken = token
            return token.token
        case .failure(let error):
            throw error
        }
    }

    private func fileToken(_ path: String) throws(KubeError) -> String {
        let now = clock.now
        let modification = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        if let cachedToken, modification == cachedModification, now - lastCheck < .seconds(60) {
            return cachedToken
        }
        guard let data = FileManager.default.contents(atPath: path),
              let token = String(data: data, encoding: .utf8)?.trimmingWhitespace(),
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
