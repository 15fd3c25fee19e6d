import ArgumentParser
import Foundation
import OrkControlTUI

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
            let runtimeURLs = try ControlOptions.urls([urls ?? environment.controlURLs ?? ""])
            let gatewayURLs = try ControlOptions.urls(gateways)
            guard let onceFormat = ControlOptions.OnceFormat(rawValue: format) else {
                throw ValidationError("--format must be text or json, not \"\(format)\"")
            }
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
            let poll = PollOptions(refreshSeconds: try DurationText.seconds(refresh),
                                   timeoutSeconds: try DurationText.seconds(timeout), concurrency: concurrency)
            options = ControlOptions(runtimeURLs: runtimeURLs, gatewayURLs: gatewayURLs, poll: poll,
                                     once: once ? onceFormat : nil, noColor: noColor, ascii: ascii, statsFile: statsFile,
                                     credentials: FetchCredentials(tokenFile: tokenFile, caFile: cacert))
        } catch let error as ControlError {
            throw ValidationError(error.description)
        }
        do {
            let status = try await ControlApp.run(options, environment: environment.variables)
            if status != 0 { throw ExitCode(status) }
        } catch let error as ControlError {
            FileHandle.standardError.write(Data("ork control: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
