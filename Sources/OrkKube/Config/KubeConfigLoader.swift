import FoundationEssentials
import OrkValue

/// Finds and reads cluster settings the way kubectl does: `--kubeconfig`, then `$KUBECONFIG`
/// (a colon-separated list merged first-wins), then `~/.kube/config`, then the in-cluster
/// service account. Exec credential plugins are run (`ExecPlugin`); auth providers (removed from
/// kubectl in 1.26) are refused with an error naming them.
public struct KubeConfigLoader: Sendable {
    public var environment: [String: String]
    public var fileSystem: any TextFileSystem

    public init(environment: [String: String],
                fileSystem: any TextFileSystem = LocalFileSystem()) {
        self.environment = environment
        self.fileSystem = fileSystem
    }

    /// The configured cluster, or nil when none is configured (no kubeconfig anywhere and not in a pod),
    /// which callers take as "use the embedded sandbox".
    public func resolve(kubeconfig explicit: String? = nil, context: String? = nil) throws(KubeConfigError) -> KubeConfig? {
        if let paths = try kubeconfigPaths(explicit: explicit) {
            return try load(paths: paths, context: context)
        }
        if environment["KUBERNETES_SERVICE_HOST"] != nil {
            return try inCluster()
        }
        return nil
    }

    /// The kubeconfig files kubectl would read: `explicit`, else `$KUBECONFIG`'s readable entries,
    /// else `~/.kube/config`; nil when there is none.
    public func kubeconfigPaths(explicit: String? = nil) throws(KubeConfigError) -> [String]? {
        if let explicit {
            guard fileSystem.readText(atPath: explicit) != nil else {
                throw KubeConfigError("kubeconfig \(explicit) does not exist or cannot be read")
            }
            return [explicit]
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            let existing = paths.filter { fileSystem.readText(atPath: $0) != nil }
            guard !existing.isEmpty else {
                throw KubeConfigError("KUBECONFIG names \(paths.joined(separator: ", ")) but none of them can be read")
            }
            return existing
        }
        if let home = environment["HOME"], fileSystem.readText(atPath: "\(home)/.kube/config") != nil {
            return ["\(home)/.kube/config"]
        }
        return nil
    }

    /// The first YAML document of a kubeconfig file; nil when it cannot be read.
    func document(atPath path: String) throws(KubeConfigError) -> JSONValue? {
        guard let text = fileSystem.readText(atPath: path) else { return nil }
        do {
            return try YAMLReader.documents(text, file: path).first?.jsonValue ?? .object([:])
        } catch {
            throw KubeConfigError("kubeconfig \(error.position): \(error.message)")
        }
    }

    /// Every context the merged files define, in the order they first appear.
    public func contextNames(paths: [String]) throws(KubeConfigError) -> [String] {
        var names: [String] = []
        for path in paths {
            guard let document = try document(atPath: path) else { continue }
            for item in document["contexts"]?.arrayValue ?? [] {
                if let name = item["name"]?.stringValue, !name.isEmpty, !names.contains(name) { names.append(name) }
            }
        }
        return names
    }

    /// The pod's namespace when running in-cluster (the service account's `namespace` file), else nil.
    public static func podNamespace(fileSystem: any TextFileSystem = LocalFileSystem()) -> String? {
        guard let text = fileSystem.readText(atPath: "\(serviceAccountDirectory)/namespace") else { return nil }
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    // MARK: kubeconfig

    /// Reads and merges kubeconfig files (the first file to define a name or `current-context` wins).
    public func load(paths: [String], context requested: String? = nil) throws(KubeConfigError) -> KubeConfig {
        var clusters: [String: (JSONValue, String)] = [:]
        var users: [String: (JSONValue, String)] = [:]
        var contexts: [String: JSONValue] = [:]
        var currentContext: String?
        for path in paths {
            guard let document = try document(atPath: path) else { continue }
            for (key, into) in [("clusters", 0), ("users", 1), ("contexts", 2)] {
                for item in document[key]?.arrayValue ?? [] {
                    guard let name = item["name"]?.stringValue else { continue }
                    let body = item[String(key.dropLast())] ?? .object([:])
                    switch into {
                    case 0: if clusters[name] == nil { clusters[name] = (body, path) }
                    case 1: if users[name] == nil { users[name] = (body, path) }
                    default: if contexts[name] == nil { contexts[name] = body }
                    }
                }
            }
            if currentContext == nil, let current = document["current-context"]?.stringValue, !current.isEmpty {
                currentContext = current
            }
        }
        guard let contextName = requested ?? currentContext else {
            throw KubeConfigError("kubeconfig \(paths.joined(separator: ":")) has no current-context; pass --context")
        }
        guard let context = contexts[contextName] else {
            throw KubeConfigError("context \"\(contextName)\" is not in kubeconfig \(paths.joined(separator: ":"))"
                                  + (contexts.isEmpty ? "" : " (contexts: \(contexts.keys.sorted().joined(separator: ", ")))"))
        }
        guard let clusterName = context["cluster"]?.stringValue, let (cluster, clusterFile) = clusters[clusterName] else {
            throw KubeConfigError("context \"\(contextName)\" names a cluster that is not in the kubeconfig")
        }
        guard let server = cluster["server"]?.stringValue, !server.isEmpty else {
            throw KubeConfigError("cluster \"\(clusterName)\" has no server")
        }
        var config = KubeConfig(server: server, namespace: context["namespace"]?.stringValue ?? "default",
                                source: "kubeconfig \(paths.joined(separator: ":")), context \(contextName)")
        config.insecureSkipTLSVerify = cluster["insecure-skip-tls-verify"]?.boolValue ?? false
        config.certificateAuthorityPEM = try material(cluster, data: "certificate-authority-data",
                                                      file: "certificate-authority", relativeTo: clusterFile)
        if let userName = context["user"]?.stringValue, !userName.isEmpty {
            guard let (user, userFile) = users[userName] else {
                throw KubeConfigError("context \"\(contextName)\" names user \"\(userName)\" that is not in the kubeconfig")
            }
            try applyUser(user, name: userName, file: userFile, to: &config)
        }
        return config
    }

    func applyUser(_ user: JSONValue, name: String, file: String, to config: inout KubeConfig) throws(KubeConfigError) {
        if let provider = user["auth-provider"] {
            throw KubeConfigError("user \"\(name)\" uses auth provider \"\(provider["name"]?.stringValue ?? "?")\", which "
                                  + "Orkestra does not support; use a token or client certificate")
        }
        config.clientCertificatePEM = try material(user, data: "client-certificate-data", file: "client-certificate",
                                                   relativeTo: file)
        config.clientKeyPEM = try material(user, data: "client-key-data", file: "client-key", relativeTo: file)
        if (config.clientCertificatePEM == nil) != (config.clientKeyPEM == nil) {
            throw KubeConfigError("user \"\(name)\" has a client certificate without a key, or a key without a certificate")
        }
        if let exec = user["exec"] {
            config.credentials = .exec(try execPlugin(exec, name: name, file: file, config: config))
        } else if let token = user["token"]?.stringValue, !token.isEmpty {
            config.credentials = .token(token)
        } else if let tokenFile = user["tokenFile"]?.stringValue, !tokenFile.isEmpty {
            config.credentials = .tokenFile(resolve(tokenFile, relativeTo: file))
        } else if let username = user["username"]?.stringValue, let password = user["password"]?.stringValue {
            config.credentials = .basic(username: username, password: password)
        }
    }

    /// PEM bytes from `<data>` (base64) or the file `<file>` (relative to the kubeconfig).
    func material(_ object: JSONValue, data: String, file: String, relativeTo base: String) throws(KubeConfigError) -> [UInt8]? {
        if let encoded = object[data]?.stringValue, !encoded.isEmpty {
            // Go's decoder (kubectl's) skips line breaks; we also skip other whitespace, so material
            // wrapped or indented over lines decodes as well. Anything else outside the alphabet is refused.
            guard let decoded = Base64.decode(String(encoded.unicodeScalars.filter { !$0.properties.isWhitespace })) else {
                throw KubeConfigError("\(data) is not valid base64")
            }
            return decoded
        }
        if let path = object[file]?.stringValue, !path.isEmpty {
            let resolved = resolve(path, relativeTo: base)
            guard let text = fileSystem.readText(atPath: resolved) else {
                throw KubeConfigError("\(file) \(resolved) cannot be read")
            }
            return Array(text.utf8)
        }
        return nil
    }

    func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }

    // MARK: in-cluster

    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The pod's service account: `KUBERNETES_SERVICE_HOST/PORT`, its token (re-read on rotation),
    /// CA and namespace files.
    public func inCluster(directory: String = KubeConfigLoader.serviceAccountDirectory) throws(KubeConfigError) -> KubeConfig {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw KubeConfigError("not running in a pod: KUBERNETES_SERVICE_HOST is not set")
        }
        let port = environment["KUBERNETES_SERVICE_PORT"] ?? "443"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        guard fileSystem.readText(atPath: "\(directory)/token") != nil else {
            throw KubeConfigError("in-cluster token \(directory)/token cannot be read (is a service account mounted?)")
        }
        guard let ca = fileSystem.readText(atPath: "\(directory)/ca.crt") else {
            throw KubeConfigError("in-cluster CA \(directory)/ca.crt cannot be read")
        }
        let namespace = fileSystem.readText(atPath: "\(directory)/namespace")?
            .trimmingWhitespace()
        return KubeConfig(server: "https://\(hostPart):\(port)", certificateAuthorityPEM: Array(ca.utf8),
                          credentials: .tokenFile("\(directory)/token"),
                          namespace: (namespace?.isEmpty ?? true) ? "default" : namespace ?? "default",
                          source: "in-cluster service account")
    }
}
