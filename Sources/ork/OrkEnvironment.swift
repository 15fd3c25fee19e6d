import ArgumentParser
import FoundationEssentials
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

    /// `ORK_KUBE_QPS`: the API client's sustained request rate (at least 1, at most 1,000,000; not a
    /// number: unset, and then there is no client-side limit).
    var kubeQPS: Double? {
        variables["ORK_KUBE_QPS"].flatMap(Double.init).flatMap { $0.isFinite ? min(max(1, $0), 1_000_000) : nil }
    }

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
        config.burst = kubeBurst ?? Int(min(config.qps * 2, 1_000_000))  // twice a rate set alone; unused without one
        return config
    }

    /// No client-side rate limit unless ORK_KUBE_QPS sets one (P14): API Priority and Fairness
    /// (on by default since Kubernetes 1.20) protects the server and answers 429 with Retry-After,
    /// which every request honours. SIG API Machinery recommends this and controller-runtime made
    /// it its default (kubernetes-sigs/controller-runtime#3119); a fixed 200/s had capped ork run at
    /// ~50 CRs/s on a server that takes ~1,500 writes/s.
    static let defaultQPS = Double.infinity
}
