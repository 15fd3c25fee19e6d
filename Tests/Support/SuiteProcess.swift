import Foundation

/// Whether the running suite has the test process to itself. `scripts/test` runs the suites whose
/// bounds are about the process or the clock (resident memory, refusal times, probe latency) alone,
/// each in its own step with `ORK_SUITE_ALONE=1`; in the full parallel run other suites share the
/// process and the cores, so those bounds are only printed.
public enum SuiteProcess {
    public static var runsAlone: Bool {
        ProcessInfo.processInfo.environment["ORK_SUITE_ALONE"] == "1"
    }
}
