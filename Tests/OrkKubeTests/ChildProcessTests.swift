import Foundation
import Testing
@testable import OrkKube

/// posix_spawn without Foundation's Process: exit codes and signals, output limits, stdin from
/// /dev/null, no inherited descriptors, default signal dispositions, the deadline.
struct ChildProcessTests {
    func shell(_ script: String, timeout: Duration = .seconds(30), limit: Int = 1 << 20) -> ChildProcess {
        ChildProcess(executable: "/bin/sh", arguments: ["-c", script], environment: ["PATH": "/usr/bin:/bin", "GREETING": "hello"],
                     timeout: timeout, stdoutLimit: limit)
    }

    @Test func exitStatusOutputAndEnvironment() async {
        let outcome = await shell("printf '%s' \"$GREETING\"; echo oops >&2; exit 3").run()
        #expect(outcome == .finished(status: 3, stdout: Array("hello".utf8), stderr: Array("oops\n".utf8), ))
    }

    @Test func aSignalIsReportedAs128PlusItsNumber() async {
        let outcome = await shell("kill -TERM $$").run()
        guard case .finished(let status, _, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(status == 128 + 15)
    }

    @Test func stdinIsEmptyAndNoDescriptorBeyondStderrIsInherited() async {
        // The child's own descriptors, listed by the process that inherited them (`exec`: no shell
        // and no pipeline around it, whose pipes a listing of the shell's descriptors raced with):
        // 0, 1, 2 and the one `ls` opens to read the directory.
        let outcome = await shell("cat; exec ls /proc/self/fd").run()
        guard case .finished(0, let stdout, _) = outcome else { Issue.record("\(outcome)"); return }
        let descriptors = Set(String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init))
        #expect(descriptors.isSuperset(of: ["0", "1", "2"]) && descriptors.count <= 4, "\(descriptors.sorted())")
    }

    @Test func signalsAreAtTheirDefaults() async {
        // This test process ignores SIGPIPE (NIO does); the child must not: `yes | head` ends by SIGPIPE.
        let outcome = await shell("yes | head -c 1 >/dev/null; trap").run()
        guard case .finished(0, let stdout, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(!String(decoding: stdout, as: UTF8.self).contains("PIPE"), "no inherited trap or ignore")
    }

    @Test func stderrKeepsItsTailAndStdoutUpToTheLimitIsKept() async {
        let outcome = await shell("head -c 1000 /dev/zero; head -c 10000 /dev/zero | tr '\\0' e >&2; printf END >&2", limit: 1000).run()
        guard case .finished(0, let stdout, let stderr) = outcome else { Issue.record("\(outcome)"); return }
        #expect(stdout.count == 1000)
        #expect(stderr.count == ChildProcess.stderrTail)
        #expect(stderr.suffix(3) == Array("END".utf8))
    }

    @Test func stdoutBeyondTheLimitStopsTheRunEvenWhenTheChildNeverEnds() async {
        // `yes` never ends by itself: the run must stop at the limit, not at the (long) deadline.
        let outcome = await shell("yes", timeout: .seconds(600), limit: 64 * 1024).run()
        #expect(outcome == .outputTooLarge)
    }

    @Test func aChildPastItsDeadlineIsKilled() async {
        let outcome = await shell("trap '' TERM; exec sleep 30", timeout: .milliseconds(300)).run()
        #expect(outcome == .timedOut)
    }

    @Test func aMissingProgramIsNotStarted() async {
        let outcome = await ChildProcess(executable: "/nonexistent/plugin", arguments: [], environment: [:],
                                         timeout: .seconds(5), stdoutLimit: 10).run()
        guard case .notStarted(let reason) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("No such file"))
    }
}
