#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CProcessSpawn
import Dispatch

/// Runs a program to completion with posix_spawn (Foundation's `Process` is not in
/// FoundationEssentials, which the modules import so the binaries carry no ICU data): stdin from
/// /dev/null, stdout and stderr read through pipes, every other descriptor closed in the child, every
/// signal at its default disposition and none blocked (the parent ignores SIGPIPE; a plugin must not
/// inherit that), its own process group. At the deadline, on cancellation or when stdout passes its
/// limit the whole group is killed (SIGKILL: a shell script's children too, which would otherwise
/// keep running and hold the pipes) and the child is reaped.
struct ChildProcess: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var timeout: Duration
    /// More stdout than this stops the run (`.outputTooLarge`); stderr keeps its last `stderrTail` bytes.
    var stdoutLimit: Int
    static let stderrTail = 4096

    enum Outcome: Sendable, Equatable {
        /// `status`: the exit code, or 128 + the signal that ended it.
        case finished(status: Int32, stdout: [UInt8], stderr: [UInt8])
        /// The deadline passed before the child exited and its output ended (a descendant holding the
        /// pipes counts as not finished); the group was killed.
        case timedOut
        /// Stdout passed `stdoutLimit`; reading stopped and the group was killed.
        case outputTooLarge
        /// The calling task was cancelled; the group was killed.
        case cancelled
        case notStarted(String)
        /// Started, but its output or exit status could not be read (`waitpid`: ECHILD when something
        /// else reaped it, say with SIGCHLD ignored); never reported as a timeout.
        case failed(String)
    }

    /// Runs on a dispatch thread (the reads and the waits block), so no task of the cooperative pool
    /// waits; cancelling the calling task kills the group.
    func run() async -> Outcome {
        let cancellation = CancellationFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: runBlocking(cancellation: cancellation)) }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }

    func runBlocking(cancellation: CancellationFlag = CancellationFlag()) -> Outcome {
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard ork_pipe_cloexec(&out) == 0 else { return .notStarted("pipe: \(Self.errorText(errno))") }
        guard ork_pipe_cloexec(&err) == 0 else {
            close(out[0]); close(out[1])
            return .notStarted("pipe: \(Self.errorText(errno))")
        }
        let spawned = spawn(stdout: out[1], stderr: err[1])
        close(out[1])
        close(err[1])
        let child: ProcessGroup
        switch spawned {
        case .success(let pid): child = ProcessGroup(leader: pid)
        case .failure(let failure):
            close(out[0]); close(err[0])
            return .notStarted(failure.text)
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var collector = OutputCollector(stdout: out[0], stderr: err[0], stdoutLimit: stdoutLimit, stderrTail: Self.stderrTail)
        let drained = collector.drain(until: deadline, cancellation: cancellation)
        collector.closeAll()
        switch drained {
        case .ended:
            break
        case .deadlinePassed:
            child.killAndReap()
            return .timedOut
        case .stdoutTooLarge:
            child.killAndReap()
            return .outputTooLarge
        case .cancelled:
            child.killAndReap()
            return .cancelled
        case .readFailed(let code):
            child.killAndReap()
            return .failed("reading its output: \(Self.errorText(code))")
        }
        switch child.waitForExit(until: deadline, cancellation: cancellation) {
        case .exited(let status):
            return .finished(status: status, stdout: collector.stdout, stderr: collector.stderr)
        case .deadlinePassed:
            child.killAndReap()
            return .timedOut
        case .cancelled:
            child.killAndReap()
            return .cancelled
        case .waitFailed(let code):
            // Its output ended; the leader is gone, so its group id may already be someone else's.
            return .failed("waiting for it: waitpid: \(Self.errorText(code))")
        }
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
