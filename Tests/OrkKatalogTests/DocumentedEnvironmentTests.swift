import Testing
import OrkKatalog

/// The Go original's documented variables that `ork run` takes under its own names, and the ones it
/// refuses with a message saying why and what to use instead.
@Suite struct DocumentedEnvironmentTests {
    @Test func maxQueueDepthIsQueueDepthAndZeroIsRefused() throws {
        #expect(try ReconcilerDefaults.fromEnvironment(["MAX_QUEUE_DEPTH": "250"]).maxDepth
            == SourcedValue(250, from: .environment("MAX_QUEUE_DEPTH")))
        #expect(try ReconcilerDefaults.fromEnvironment(["QUEUE_DEPTH": "250", "MAX_QUEUE_DEPTH": "250"]).maxDepth.value == 250)
        #expect(throws: ReconcilerSettingError("QUEUE_DEPTH=\"10\" and MAX_QUEUE_DEPTH=\"20\" disagree: set one")) {
            try ReconcilerDefaults.fromEnvironment(["QUEUE_DEPTH": "10", "MAX_QUEUE_DEPTH": "20"])
        }
        let zero = #expect(throws: ReconcilerSettingError.self) { try ReconcilerDefaults.fromEnvironment(["MAX_QUEUE_DEPTH": "0"]) }
        #expect(zero?.message.hasPrefix("MAX_QUEUE_DEPTH=\"0\" (unbounded) is not supported") == true)
    }

    @Test func degradeThresholdIsTheDefaultFailureThreshold() throws {
        let defaults = try ReconcilerDefaults.fromEnvironment(["DEGRADE_THRESHOLD": "12"])
        #expect(defaults.failureThreshold == SourcedValue(12, from: .environment("DEGRADE_THRESHOLD")))
        #expect(defaults.resolve(ReconcilerSettings()).failureThreshold.value == 12)
        #expect(defaults.resolve(ReconcilerSettings(failureThreshold: 3)).failureThreshold.value == 3, "the Katalog wins")
        #expect(throws: ReconcilerSettingError("DEGRADE_THRESHOLD=\"0\" must be an integer in 1…1000")) {
            try ReconcilerDefaults.fromEnvironment(["DEGRADE_THRESHOLD": "0"])
        }
    }

    @Test(arguments: UnsupportedVariable.runtime + UnsupportedVariable.gateway)
    func eachUnsupportedVariableNamesItselfAndTheWayInstead(variable: UnsupportedVariable) {
        let table = UnsupportedVariable.runtime.contains(variable) ? UnsupportedVariable.runtime : UnsupportedVariable.gateway
        let message = UnsupportedVariable.firstSet(in: [variable.name: "1"], of: table)
        #expect(message == "\(variable.name) is not supported: \(variable.reason)")
        #expect(UnsupportedVariable.firstSet(in: [variable.name: "  "], of: table) == nil, "empty counts as unset")
    }
}
