import OrkPatternFetch
import ArgumentParser
import FoundationEssentials
import OrkKatalog
import OrkMetrics
import OrkValue

/// `ork generate`: manifests derived from a Katalog.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate manifests from a Katalog.",
        subcommands: [GenerateBundleCommand.self, GenerateDashboardsCommand.self]
    )
}

/// `ork generate bundle`: Namespace, ServiceAccounts, least-privilege RBAC and the Katalog ConfigMap.
struct GenerateBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Namespace, ServiceAccounts, ClusterRoles/Bindings per component and a ConfigMap with the Katalog.",
        discussion: """
            The output is deterministic (the same Katalog gives byte-identical YAML) so it can be committed \
            and diffed. The Katalog must be valid. crdFiles are embedded in the ConfigMap beside the Katalog \
            and must therefore sit in the Katalog's directory; crFiles are for development and are not embedded.
            """
    )

    @Option(name: [.short, .customLong("file")], help: "The Katalog file.")
    var file: String = "katalog.yaml"

    @Option(name: [.short, .customLong("output")], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("for"), help: "Components: runtime, gateway, controlcenter (comma-separated).")
    var components: String = "runtime,gateway,controlcenter"

    @Option(name: [.short, .customLong("namespace")], help: "Namespace of the Orkestra components.")
    var namespace: String = OrkEnvironment.current().namespace ?? OrkNames.defaultNamespace

    @Flag(help: "The runtime's replicas share the CRs by shard (ork run --sharding on): rights on its shard Leases.")
    var sharding = false

    func run() async throws {
        var selected: [BundleComponent] = []
        for name in components.split(separator: ",").map({ String($0).trimmingSpacesAndTabs() }) {
            guard let component = BundleComponent(name: name) else {
                throw ValidationError("unknown component \"\(name)\" in --for; use runtime, gateway or controlcenter")
            }
            selected.append(component)
        }
        let result = await KatalogSource.load(file: file, environment: OrkEnvironment.current().variables)
        guard let katalog = result.katalog, !result.hasErrors else {
            StandardStream.error.write(KatalogReport(result: result, file: file).text())
            throw ExitCode(1)
        }
        let files: [String: String]
        do {
            files = try BundleGenerator.embeddedFiles(for: katalog)
        } catch {
            throw ValidationError(error.description)
        }
        let bundle = BundleGenerator(katalog: katalog, namespace: namespace, components: selected, files: files,
                                     sharding: sharding)
        let yaml = bundle.yaml()
        if let output {
            try Data(yaml.utf8).write(to: URL(fileURLWithPath: output))
            StandardStream.error.write("wrote \(output)\n")
        } else {
            print(yaml, terminator: "")
        }
    }
}

/// `ork generate dashboards`: Grafana dashboards over the runtime's and the gateway's `/metrics`.
struct GenerateDashboardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboards",
        abstract: "Grafana dashboards (JSON) for the runtime and the gateway.",
        discussion: """
            Writes orkestra-runtime.json and orkestra-gateway.json into the directory (created if missing). \
            Every query uses only series the runtime and the gateway export; import them in Grafana with a \
            Prometheus data source that scrapes the pods.
            """
    )

    @Option(name: [.short, .customLong("output")], help: "The directory to write the dashboards to.")
    var output: String = "dashboards"

    func run() throws {
        let directory = URL(fileURLWithPath: output, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, json) in GrafanaDashboards.files() {
            let file = directory.appendingPathComponent(name)
            try Data(json.utf8).write(to: file)
            StandardStream.error.write("wrote \(file.path)\n")
        }
    }
}
