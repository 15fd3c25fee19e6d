import OrkValue

/// A kubeconfig user's `exec` credential plugin (`client.authentication.k8s.io/v1` or `v1beta1`), as
/// EKS (`aws eks get-token`), GKE (`gke-gcloud-auth-plugin`) and AKS/OIDC (`kubelogin`) kubeconfigs
/// use: a command that prints an `ExecCredential` with a bearer token and when it expires.
public struct ExecPlugin: Sendable, Equatable {
    public enum InteractiveMode: String, Sendable, Equatable {
        case never = "Never", ifAvailable = "IfAvailable", always = "Always"
    }

    public static let supportedAPIVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// The kubeconfig user it belongs to, for messages.
    public var userName: String
    public var apiVersion: String
    /// The command as written (`aws`, looked up in PATH) or resolved (a relative path with a `/` is
    /// relative to the kubeconfig's directory, as kubectl does).
    public var command: String
    public var args: [String]
    /// Variables the kubeconfig adds to the plugin's environment.
    public var env: [String: String]
    public var interactiveMode: InteractiveMode
    public var installHint: String?
    /// Whether the plugin gets the cluster (server, CA) in `KUBERNETES_EXEC_INFO`.
    public var provideClusterInfo: Bool
    /// The cluster it authenticates to, for `KUBERNETES_EXEC_INFO`.
    public var server: String
    public var certificateAuthorityPEM: [UInt8]?
    public var insecureSkipTLSVerify: Bool
    /// The environment the plugin inherits (the loader's).
    public var baseEnvironment: [String: String]

    public init(userName: String, apiVersion: String, command: String, args: [String] = [], env: [String: String] = [:],
                interactiveMode: InteractiveMode = .never, installHint: String? = nil, provideClusterInfo: Bool = false,
                server: String = "", certificateAuthorityPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false,
                baseEnvironment: [String: String] = [:]) {
        self.userName = userName
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.interactiveMode = interactiveMode
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.baseEnvironment = baseEnvironment
    }

    /// The program's name for messages (`aws`, not `/usr/local/bin/aws`).
    public var name: String { command.split(separator: "/").last.map(String.init) ?? command }

    /// `KUBERNETES_EXEC_INFO`: the ExecCredential request the plugin reads. Never interactive: ork
    /// runs plugins in the background and under the Control Center's screen, where a prompt would hang.
    public var execInfo: JSONValue {
        var spec: [String: JSONValue] = ["interactive": false]
        if provideClusterInfo {
            var cluster: [String: JSONValue] = ["server": .string(server)]
            if let certificateAuthorityPEM {
                cluster["certificate-authority-data"] = .string(Base64.encode(certificateAuthorityPEM))
            }
            if insecureSkipTLSVerify { cluster["insecure-skip-tls-verify"] = true }
            spec["cluster"] = .object(cluster)
        }
        return ["apiVersion": .string(apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
    }
}

extension KubeConfigLoader {
    /// The `exec` block of user `name` (in kubeconfig `file`) for the cluster in `config`.
    func execPlugin(_ exec: JSONValue, name: String, file: String, config: KubeConfig) throws(KubeConfigError) -> ExecPlugin {
        let apiVersion = exec["apiVersion"]?.stringValue ?? ""
        guard ExecPlugin.supportedAPIVersions.contains(apiVersion) else {
            throw KubeConfigError("user \"\(name)\": exec plugin apiVersion \"\(apiVersion)\" is not supported; use "
                                  + ExecPlugin.supportedAPIVersions.joined(separator: " or "))
        }
        guard let command = exec["command"]?.stringValue, !command.isEmpty else {
            throw KubeConfigError("user \"\(name)\": exec plugin has no command")
        }
        var args: [String] = []
        for arg in exec["args"]?.arrayValue ?? [] {
            guard let text = arg.stringValue else { throw KubeConfigError("user \"\(name)\": exec args must be strings") }
            args.append(text)
        }
        var env: [String: String] = [:]
        for item in exec["env"]?.arrayValue ?? [] {
            guard let variable = item["name"]?.stringValue, !variable.isEmpty, let value = item["value"]?.stringValue else {
                throw KubeConfigError("user \"\(name)\": each exec env entry needs a name and a value")
            }
            env[variable] = value
        }
        let mode: ExecPlugin.InteractiveMode
        if let written = exec["interactiveMode"]?.stringValue, !written.isEmpty {
            guard let parsed = ExecPlugin.InteractiveMode(rawValue: written) else {
                throw KubeConfigError("user \"\(name)\": exec interactiveMode \"\(written)\" is not Never, IfAvailable or Always")
            }
            mode = parsed
        } else if apiVersion.hasSuffix("/v1") {
            throw KubeConfigError("user \"\(name)\": exec interactiveMode must be set for \(apiVersion) (as kubectl requires)")
        } else {
            mode = .ifAvailable
        }
        // kubectl: a relative command with a path separator is relative to the kubeconfig's directory.
        let resolvedCommand = command.contains("/") ? resolve(command, relativeTo: file) : command
        return ExecPlugin(userName: name, apiVersion: apiVersion, command: resolvedCommand, args: args, env: env,
                          interactiveMode: mode, installHint: exec["installHint"]?.stringValue,
                          provideClusterInfo: exec["provideClusterInfo"]?.boolValue ?? false, server: config.server,
                          certificateAuthorityPEM: config.certificateAuthorityPEM,
                          insecureSkipTLSVerify: config.insecureSkipTLSVerify, baseEnvironment: environment)
    }
}
