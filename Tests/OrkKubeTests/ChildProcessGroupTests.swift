import Foundation
import OrkTestSupport
import Testing
@testable import OrkKube

/// The child's process group: what a plugin script starts is killed with it at the deadline or on
/// cancellation, the child is reaped, and a child that cannot be waited for is not called a timeout.
struct ChildProcessGroupTests {
    /// A script that starts `sleep 1000` in the background, writes its own pid and the sleep's pid to
    /// files, then runs `rest`.
    func script(_ directory: URL, then rest: String, timeout: Duration) -> ChildProcess {
        let text = "sleep 1000 & echo $! > '\(directory.path)/grandchild.tmp'; mv '\(directory.path)/grandchild.tmp' '\(directory.path)/grandchild'; "
            + "echo $$ > '\(directory.path)/child'; \(rest)"
        return ChildProcess(executable: "/bin/sh", arguments: ["-c", text], environment: ["PATH": "/usr/bin:/bin"],
                            timeout: timeout, stdoutLimit: 1 << 20)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ork-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func pid(in directory: URL, _ name: String) -> Int32? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Gone, or a zombie waiting for whoever adopted it (the container's init may not reap at once).
    static func isGoneOrZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[close...].dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }

    @Test(arguments: ["exit 0", "wait"])
    func aGrandchildHoldingThePipesIsKilledAtTheDeadline(_ rest: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = await script(directory, then: rest, timeout: .seconds(2)).run()
        #expect(outcome == .timedOut)
        let grandchild = try #require(pid(in: directory, "grandchild"))
        let child = try #require(pid(in: directory, "child"))
        #expect(try await eventually(timeout: .seconds(30)) { Self.isGoneOrZombie(grandchild) }, "sleep \(grandchild) still runs")
        // The child itself is reaped before run() returns: no zombie is left behind.
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(child)"), "child \(child) not reaped")
    }

    @Test func cancellingTheCallerKillsTheGroup() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = script(directory, then: "wait", timeout: .seconds(600))
        let running = Task { await process.run() }
        #expect(try await eventually(timeout: .seconds(30)) { pid(in: directory, "grandchild") != nil })
        running.cancel()
        #expect(await running.value == .cancelled)
        let grandchild = try #require(pid(in: directory, "grandchild"))
        #expect(try await eventually(timeout: .seconds(30)) { Self.isGoneOrZombie(grandchild) }, "sleep \(grandchild) still runs")
    }

    @Test func aProcessThatIsNotOurChildIsAWaitFailureNotATimeout() {
        // waitpid answers ECHILD (as when something else reaped the child); that is not the deadline.
        let group = ProcessGroup(leader: getpid())
        let exit = group.waitForExit(until: ContinuousClock.now.advanced(by: .seconds(60)), cancellation: CancellationFlag())
        #expect(exit == .waitFailed(ECHILD))
    }
}
