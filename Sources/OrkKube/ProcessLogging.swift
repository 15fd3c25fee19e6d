import FoundationEssentials
import Logging
import OrkValue

/// How Orkestra's executables log: one line per event on standard error, at the level `LOG_LEVEL`
/// names (default `info`). Shared by `ork` and `ork-gateway`.
public enum ProcessLogging {
    /// The names `LOG_LEVEL` accepts, in any case: swift-log's seven levels, and `warn` for `warning`
    /// as Go and Python operators spell it.
    public static let levelNames = ["trace", "debug", "info", "notice", "warn", "warning", "error", "critical"]

    /// The level `value` names; `info` when it is unset or empty.
    public static func level(_ value: String?) throws(ProcessLoggingError) -> Logger.Level {
        let name = (value ?? "").trimmingWhitespace().lowercased()
        if name.isEmpty { return .info }
        if name == "warn" { return .warning }
        guard let level = Logger.Level(rawValue: name) else {
            throw ProcessLoggingError("LOG_LEVEL=\(value ?? "") is not a log level; use one of "
                                      + levelNames.joined(separator: ", "))
        }
        return level
    }

    /// Bootstraps swift-log once per process; throws, before anything is logged, when `LOG_LEVEL`
    /// names no level (a typo must not silently log at another level).
    public static func bootstrap(environment: [String: String]) throws(ProcessLoggingError) {
        let level = try level(environment["LOG_LEVEL"])
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// `LOG_LEVEL` names no level.
public struct ProcessLoggingError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
