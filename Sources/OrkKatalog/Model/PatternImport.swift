import OrkValue

/// Where one `spec.imports` entry points, after `$ENV` expansion and registry resolution.
public enum PatternLocation: Sendable, Hashable {
    /// A pattern file on disk, as written (relative paths resolve against the Katalog's directory).
    case file(String)
    /// A pattern fetched over HTTP(S), with the environment variable holding its bearer token, if any.
    case remote(RemotePatternRequest)
}

/// One pattern to fetch over HTTP(S) before the Katalog is loaded.
public struct RemotePatternRequest: Sendable, Hashable {
    public var url: String
    /// The environment variable whose value is sent as `Authorization: Bearer <value>`.
    public var bearerTokenVariable: String?

    public init(url: String, bearerTokenVariable: String? = nil) {
        self.url = url
        self.bearerTokenVariable = bearerTokenVariable
    }
}

/// What fetching one remote pattern gave.
public enum RemotePatternResult: Sendable, Hashable {
    case text(String)
    /// Why it could not be fetched (shown after "unreachable: ").
    case failed(String)
}

/// What the loader needs to resolve `spec.imports`: the environment (`$VAR` in entries, `ORK_REGISTRY`,
/// bearer-token variables) and the remote patterns fetched beforehand (`KatalogImports.remoteRequests`).
public struct ImportResolution: Sendable {
    public var environment: [String: String]
    /// Fetched patterns by URL.
    public var remote: [String: RemotePatternResult]

    public init(environment: [String: String], remote: [String: RemotePatternResult] = [:]) {
        self.environment = environment
        self.remote = remote
    }

    /// No environment, nothing fetched: only imports of plain file paths resolve.
    public static let filesOnly = ImportResolution(environment: [:])
}

/// One `spec.imports` entry: what was written, where it points, where it was written.
struct PatternImport: Sendable, Hashable {
    var written: String
    var location: PatternLocation
    var position: SourcePosition
    var field: String

    /// The name diagnostics give the pattern: its path as written or its URL.
    var name: String {
        switch location {
        case .file(let path): return path
        case .remote(let request): return request.url
        }
    }
}
