import FoundationEssentials
import OrkValue

/// Everything `ork control` was asked to do.
package struct ControlOptions: Sendable {
    /// Output of `--once`.
    package enum OnceFormat: String, Sendable, CaseIterable {
        case text, json
    }

    package var runtimeURLs: [String]
    package var gatewayURLs: [String]
    /// Kubeconfig contexts to discover runtimes and gateways in (`--context`, `--all-contexts`).
    package var sources: [ClusterSource]
    package var poll: PollOptions
    /// Poll once, print, exit.
    package var once: OnceFormat?
    package var noColor: Bool
    package var ascii: Bool
    /// Hidden: write frame timings as JSON here at exit.
    package var statsFile: String?
    /// The bearer token and CA sent and trusted on every request.
    package var credentials: FetchCredentials

    package init(runtimeURLs: [String], gatewayURLs: [String], poll: PollOptions, once: OnceFormat?, noColor: Bool,
                 ascii: Bool, statsFile: String? = nil, credentials: FetchCredentials = FetchCredentials(),
                sources: [ClusterSource] = []) {
        self.runtimeURLs = runtimeURLs
        self.gatewayURLs = gatewayURLs
        self.sources = sources
        self.poll = poll
        self.once = once
        self.noColor = noColor
        self.ascii = ascii
        self.statsFile = statsFile
        self.credentials = credentials
    }

    /// Splits comma-separated URL lists, normalizes each and drops duplicates (first wins).
    package static func urls(_ values: [String]) throws(ControlError) -> [String] {
        var result: [String] = []
        for value in values {
            for part in value.split(separator: ",") where !part.trimmingSpacesAndTabs().isEmpty {
                let url = try EndpointURL.normalize(String(part))
                if !result.contains(url) { result.append(url) }
            }
        }
        return result
    }

    /// The theme: monochrome with `--no-color` or a non-empty `NO_COLOR`.
    package func theme(environment: [String: String]) -> Theme {
        noColor || !(environment["NO_COLOR"] ?? "").isEmpty ? .mono : .color
    }

    /// The glyphs: ASCII with `--ascii` or when the locale's codeset is not UTF-8.
    package func glyphs(codeset: String) -> Glyphs {
        let utf8 = codeset.uppercased().replacing("-", with: "") == "UTF8"
        return ascii || !utf8 ? .ascii : .utf8
    }
}
