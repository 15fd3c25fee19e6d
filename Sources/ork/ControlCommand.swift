import ArgumentParser
import FoundationEssentials
import OrkControlTUI
import OrkKatalog
import OrkKube
import OrkValue

/// `ork control`: the Control Center, a curses UI over many runtimes and their gateways.
struct ControlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "The Control Center: a terminal UI over runtimes and every gateway replica (read-only).",
        discussion: """
            Polls each runtime's GET /katalog (and the views' detail endpoints) and follows each runtime's \
            advertised gatewayEndpoint to the gateway's fleet view; --gateway adds more gateways. Enter drills \
            down (runtime → CRDs → CRD → resources → CR and its child tree), Esc goes back, ? shows every key. \
            NO_COLOR or --no-color gives a monochrome theme; --ascii (or a non-UTF-8 locale) plain ASCII. \
            --once prints one snapshot (text: the views; json: the whole polled state, schema in docs/control.md) \
            and exits. See docs/control.md.
            """
    )

    @Option(name: .customLong("urls"), help: "Runtime base URLs, comma-separated (or ORK_CONTROL_URLS).")
    var urls: String?

    @Option(name: .customLong("context"),
            help: "A kubeconfig context to discover runtimes and gateways in, polled through its API server's proxy (repeatable).")
    var contexts: [String] = []

    @Flag(help: "Every context of the kubeconfig.")
    var allContexts = false

    @Option(help: "The kubeconfig file (default: KUBECONFIG, then ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: [.customShort("n"), .customLong("namespace")],
            help: "Discover in this namespace only (default: every namespace the user may list, else the context's).")
    var namespace: String?

    @Option(name: .customLong("gateway"), help: "An extra gateway base URL (repeatable, comma-separated).")
    var gateways: [String] = []

    @Option(help: "Poll interval (default 10s; 5s, 500ms, 1m).")
    var refresh: String = "10s"

    @Option(help: "Per-request timeout.")
    var timeout: String = "2s"

    @Option(help: "Requests in flight at once over all endpoints.")
    var concurrency: Int = 8

    @Flag(help: "Poll once, print a snapshot and exit.")
    var once = false

    @Option(help: "Output of --once: text or json.")
    var format: String = "text"

    @Flag(help: "Monochrome: state carried by glyph and word (also NO_COLOR).")
    var noColor = false

    @Flag(help: "ASCII glyphs and borders instead of UTF-8.")
    var ascii = false

    @Option(help: "A file with the bearer token sent to every runtime and gateway (their API with ORK_API_AUTH=kubernetes); read at each request.")
    var tokenFile: String?

    @Option(help: "A PEM file of the CA that signs HTTPS runtimes' and gateways' certificates.")
    var cacert: String?

    @Option(help: .hidden)
    var statsFile: String?

    func run() async throws {
        let environment = OrkEnvironment.current()
        let options: ControlOptions
        do {
            let sources = try clusterSources(environment: environment.variables)
            let runtimeURLs = try ControlOptions.urls([urls ?? (sources.isEmpty ? environment.controlURLs : nil) ?? ""])
            let gatewayURLs = try ControlOptions.urls(gateways)
            guard let onceFormat = ControlOptions.OnceFormat(rawValue: format) else {
                throw ValidationError("--format must be text or json, not \"\(format)\"")
            }
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            let poll = PollOptions(refreshSeconds: try DurationText.seconds(refresh),
                                   timeoutSeconds: try DurationText.seconds(timeout), concurrency: concurrency)
            options = ControlOptions(runtimeURLs: runtimeURLs, gatewayURLs: gatewayURLs, poll: poll,
                                     once: once ? onceFormat : nil, noColor: noColor, ascii: ascii, statsFile: statsFile,
                                     credentials: FetchCredentials(tokenFile: tokenFile, caFile: cacert), sources: sources)
        } catch let error as ControlError {
            throw ValidationError(error.description)
        }
        do {
            let status = try await ControlApp.run(options, environment: environment.variables)
            if status != 0 { throw ExitCode(status) }
        } catch let error as ControlError {
            StandardStream.error.write("ork control: \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The contexts to discover in: `--context` ones, or every one with `--all-contexts`.
    func clusterSources(environment: [String: String]) throws -> [ClusterSource] {
        guard allContexts || !contexts.isEmpty else {
            guard kubeconfig == nil, namespace == nil else {
                throw ValidationError("--kubeconfig and --namespace need --context NAME or --all-contexts")
            }
            return []
        }
        guard !(allContexts && !contexts.isEmpty) else { throw ValidationError("--context and --all-contexts exclude each other") }
        if let namespace, !KubernetesSyntax.isDNSLabel(namespace) {
            throw ValidationError("--namespace \"\(namespace)\" is not a namespace name (lower-case letters, digits and '-', at most 63)")
        }
        let loader = KubeConfigLoader(environment: environment)
        do {
            guard let paths = try loader.kubeconfigPaths(explicit: kubeconfig) else {
                throw ValidationError("no kubeconfig: pass --kubeconfig, set KUBECONFIG or create ~/.kube/config")
            }
            let names = allContexts ? try loader.contextNames(paths: paths) : contexts.flatMap { $0.split(separator: ",").map(String.init) }
            guard !names.isEmpty else { throw ValidationError("kubeconfig \(paths.joined(separator: ":")) defines no context") }
            return ClusterSource.load(contexts: names, paths: paths, loader: loader, namespace: namespace)
        } catch let error as KubeConfigError {
            throw ValidationError(error.message)
        }
    }
}
