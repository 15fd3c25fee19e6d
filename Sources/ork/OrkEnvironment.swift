import ArgumentParser
import Foundation
import OrkKube

/// Every environment variable `ork` reads, read here and nowhere else in the executable: commands take
/// their values from this type, and libraries take the variables as arguments
/// (`RuntimeConfiguration.fromEnvironment`, `ReconcilerDefaults.fromEnvironment`, `KubeConfigLoader`,
/// `ProcessLogging.bootstrap`).
struct OrkEnvironment: Sendable {
    let variables: [String: String]

    /// The process's environment.
    static func current() -> OrkEnvironment {
        OrkEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// `NAMESPACE`: where `ork generate` puts the Orkestra components (unset or empty: the default).
    var namespace: String? { nonEmpty("NAMESPACE") }

    /// `ORK_CONTROL_URLS`: the runtimes `ork control` polls when `--urls` is not given.
    var controlURLs: String? { variables["ORK_CONTROL_URLS"] }

    /// `ORK_KUBE_QPS`: the API client's sustained request rate (at least 1; not a number: unset).
    var kubeQPS: Double? { variables["ORK_KUBE_QPS"].flatMap(Double.init).map { max(1, $0) } }

    /// `ORK_KUBE_BURST`: the API client's burst (at least 1; not a number: unset).
    var kubeBurst: Int? { variables["ORK_KUBE_BURST"].flatMap(Int.init).map { max(1, $0) } }

    /// Where the embedded sandbox's kubeconfig goes without `--data-dir`:
    /// `$XDG_CACHE_HOME/orkestra/sandbox/kubeconfig`, else `$HOME/.cache/…`, else under `/tmp`.
    var sandboxKubeconfigPath: String {
        let cache = variables["XDG_CACHE_HOME"] ?? "\(variables["HOME"] ?? "/tmp")/.cache"
        return "\(cache)/orkestra/sandbox/kubeconfig"
    }

    private func nonEmpty(_ name: String) -> String? {
        variables[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// The embedded sandbox's kubeconfig, written for `kubectl` (`ork run` without a cluster, `ork sandbox`).
enum SandboxKubeconfig {
    /// Writes `text` to `path` atomically, readable by its owner only: it holds the sandbox's token,
    /// which also controls fault injection.
    static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}

extension OrkEnvironment {
    /// The cluster `--kubeconfig`/`--context` (else KUBECONFIG, ~/.kube/config, the pod) names, with the
    /// client rate limit of `ORK_KUBE_QPS`/`ORK_KUBE_BURST` (else ork run's defaults); nil when none is
    /// configured. Every command that talks to a cluster resolves it here.
    func clusterConfig(kubeconfig: String?, context: String?) throws(ValidationError) -> KubeConfig? {
        let found: KubeConfig?
        do {
            found = try KubeConfigLoader(environment: variables).resolve(kubeconfig: kubeconfig, context: context)
        } catch {
            throw ValidationError("cannot use the cluster configuration: \(error)")
        }
        guard var config = found else { return nil }
        config.qps = kubeQPS ?? Self.defaultQPS
        config.burst = kubeBurst ?? Self.defaultBurst
        return config
    }

    /// Client-side rate limit towards a real API server: one process runs every CRD's operator, so it
    /// gets more than one controller's usual 20/30.
    static let defaultQPS = 200.0
    static let defaultBurst = 400
}
