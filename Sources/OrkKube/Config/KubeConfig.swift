/// Everything needed to talk to one Kubernetes API server: where it is, how to trust it, how to
/// authenticate, and client-side limits. Built from a kubeconfig, the in-cluster environment, or
/// directly (the sandbox does so).
public struct KubeConfig: Sendable {
    /// `https://host:port` (or `http://` for a plain-text sandbox), without a trailing slash.
    public var server: String
    /// PEM certificates to trust for the server; nil trusts the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    public var insecureSkipTLSVerify: Bool
    /// PEM client certificate and key for mutual TLS.
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?
    public var credentials: Credentials
    /// The default namespace (the context's, or the pod's).
    public var namespace: String
    /// Where the settings came from, for log lines and errors (e.g. `kubeconfig /root/.kube/config, context kind`).
    public var source: String
    /// Client-side rate limit: sustained requests per second and burst; `qps` `.infinity` sets none.
    public var qps: Double
    public var burst: Int
    /// Timeout of one non-watch request.
    public var requestTimeout: Duration

    public init(server: String, certificateAuthorityPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false,
                clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil, credentials: Credentials = .none,
                namespace: String = "default", source: String = "explicit", qps: Double = 50, burst: Int = 100,
                requestTimeout: Duration = .seconds(30)) {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.credentials = credentials
        self.namespace = namespace
        self.source = source
        self.qps = qps
        self.burst = burst
        self.requestTimeout = requestTimeout
    }
}

/// How requests authenticate.
public enum Credentials: Sendable, Equatable {
    case none
    /// A bearer token.
    case token(String)
    /// A bearer token read from a file and re-read when the file changes (service-account token rotation).
    case tokenFile(String)
    /// HTTP basic authentication (old kubeconfigs).
    case basic(username: String, password: String)
    /// A bearer token printed by an exec credential plugin, cached until it expires and re-run after a 401.
    case exec(ExecPlugin)
}

/// A kubeconfig or in-cluster environment that cannot be used, with what to do about it.
public struct KubeConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
