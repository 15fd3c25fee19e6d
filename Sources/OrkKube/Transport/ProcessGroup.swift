#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// A spawned child that leads its own process group (its pid is the group's id): waiting for its
/// exit, killing the group, reaping the child. Runs on a dispatch thread, never the cooperative pool.
struct ProcessGroup: Sendable {
    let leader: pid_t

    enum Exit: Sendable, Equatable {
        case exited(status: Int32)
        case deadlinePassed
        case cancelled
        /// `waitpid` failed (ECHILD: something else reaped the child or SIGCHLD is ignored).
        case waitFailed(Int32)
    }

    /// The leader's status once it has exited, polling (WNOHANG, 1 ms growing to 20 ms) until the deadline.
    func waitForExit(until deadline: ContinuousClock.Instant, cancellation: CancellationFlag) -> Exit {
        var pause: UInt32 = 1_000
        while true {
            var status: Int32 = 0
            let result = waitpid(leader, &status, WNOHANG)
            if result == leader { return .exited(status: Self.exitStatus(status)) }
            if result < 0 {
                let code = errno
                if code != EINTR { return .waitFailed(code) }
                continue
            }
            if cancellation.isCancelled { return .cancelled }
            if ContinuousClock.now >= deadline { return .deadlinePassed }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
    }

    /// SIGKILL to every process of the group (the leader and whatever it started that stayed in it).
    func killGroup() {
        kill(-leader, SIGKILL)
    }

    /// Kills the group and reaps the leader: a blocking `waitpid` (SIGKILL cannot be caught, so the
    /// leader exits), retried on EINTR; ECHILD means it is already reaped.
    func killAndReap() {
        killGroup()
        var status: Int32 = 0
        while waitpid(leader, &status, 0) < 0, errno == EINTR {}
    }

    /// The exit code, or 128 + the signal that ended the process.
    static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// Set once when the task that runs a child is cancelled; read by the thread that waits for it.
final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    init() {}

    func cancel() { flag.store(true, ordering: .releasing) }

    var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
