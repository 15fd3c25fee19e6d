import Logging
import Testing
import OrkKube

/// `LOG_LEVEL`: every documented name (any case, `warn` too) selects its level; unset or empty is
/// `info`; anything else is an error naming the variable instead of a silent `info`.
@Suite struct ProcessLoggingTests {
    @Test(arguments: [
        ("trace", Logger.Level.trace), ("debug", .debug), ("info", .info), ("notice", .notice), ("warn", .warning),
        ("warning", .warning), ("error", .error), ("critical", .critical), ("WARN", .warning), (" Debug\n", .debug),
    ])
    func documentedNamesSelectTheirLevel(_ name: String, _ level: Logger.Level) throws {
        #expect(try ProcessLogging.level(name) == level)
    }

    @Test func unsetOrEmptyIsInfo() throws {
        #expect(try ProcessLogging.level(nil) == .info)
        #expect(try ProcessLogging.level("") == .info)
        #expect(try ProcessLogging.level("  ") == .info)
    }

    @Test(arguments: ["verbose", "warnings", "5", "info,debug"])
    func anythingElseIsAnErrorNamingTheVariable(_ name: String) {
        #expect(throws: ProcessLoggingError.self) { try ProcessLogging.level(name) }
        do {
            _ = try ProcessLogging.level(name)
        } catch {
            #expect(error.message.hasPrefix("LOG_LEVEL=\(name) is not a log level"))
            #expect(error.message.hasSuffix("trace, debug, info, notice, warn, warning, error, critical"))
        }
    }
}
