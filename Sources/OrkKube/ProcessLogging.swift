import Logging

/// How Orkestra's executables log: one line per event on standard error, at the level `LOG_LEVEL`
/// names (`trace` … `critical`, default `info`). Shared by `ork` and `ork-gateway`.
public enum ProcessLogging {
    /// Bootstraps swift-log once per process.
    public static func bootstrap(environment: [String: String]) {
        let level = environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
