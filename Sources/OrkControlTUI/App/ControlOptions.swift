import Foundation

/// Everything `ork control` was asked to do.
public struct ControlOptions: Sendable {
    /// Output of `--once`.
    public enum OnceFormat: String, Sendable, CaseIterable {
        case text, json
    }

    public var runtimeURLs: [String]
    public var gatewayURLs: [String]
    public var poll: PollOptions
    /// Poll once, print, exit.
    public var once: OnceFormat?
    public var noColor: Bool
    public var ascii: Bool
    /// Hidden: write frame timings as JSON here at exit.
    public var statsFile: String?

    public init(runtimeURLs: [String], gatewayURLs: [String], poll: PollOptions, once: OnceFormat?, noColor: Bool,
                ascii: Bool, statsFile: String? = nil) {
        self.runtimeURLs = runtimeURLs
        self.gatewayURLs = gatewayURLs
        self.poll = poll
        self.once = once
        self.noColor = noColor
        self.ascii = ascii
        self.statsFile = statsFile
    }

    /// Splits comma-separated URL lists, normalizes each and drops duplicates (first wins).
    public static func urls(_ values: [String]) throws(ControlError) -> [String] {
        var result: [String] = []
        for value in values {
            for part in value.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                let url = try EndpointURL.normalize(String(part))
                if !result.contains(url) { result.append(url) }
            }
        }
        return result
    }

    /// The theme: monochrome with `--no-color` or a non-empty `NO_COLOR`.
    public func theme(environment: [String: String]) -> Theme {
        noColor || !(environment["NO_COLOR"] ?? "").isEmpty ? .mono : .color
    }

    /// The glyphs: ASCII with `--ascii` or when the locale's codeset is not UTF-8.
    public func glyphs(codeset: String) -> Glyphs {
        let utf8 = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        return ascii || !utf8 ? .ascii : .utf8
    }
}
