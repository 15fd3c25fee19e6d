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
/// inherit that), a deadline after which the child is killed (SIGKILL) and not waited for further.
struct ChildProcess: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var timeout: Duration
    /// Stdout beyond this is dropped and reported; stderr keeps its last `stderrTail` bytes.
    var stdoutLimit: Int
    static let stderrTail = 4096

    enum Outcome: Sendable, Equatable {
        /// `status`: the exit code, or 128 + the signal that ended it.
        case finished(status: Int32, stdout: [UInt8], stderr: [UInt8], stdoutOverflow: Bool)
        case timedOut
        case notStarted(String)
    }

    /// Runs on a dispatch thread (the reads and the wait block), so no task of the cooperative pool waits.
    func run() async -> Outcome {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: runBlocking()) }
        }
    }

    func runBlocking() -> Outcome {
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
        guard case .success(let pid) = spawned else {
            close(out[0]); close(err[0])
            if case .failure(let message) = spawned { return .notStarted(message.text) }
            return .notStarted("unknown error")
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var collector = OutputCollector(stdout: out[0], stderr: err[0], stdoutLimit: stdoutLimit, stderrTail: Self.stderrTail)
        let drained = collector.drain(until: deadline)
        collector.closeAll()
        guard drained, let status = Self.wait(for: pid, until: deadline) else {
            kill(pid, SIGKILL)
            _ = Self.wait(for: pid, until: ContinuousClock.now.advanced(by: .seconds(1)))
            return .timedOut
        }
        return .finished(status: status, stdout: collector.stdout, stderr: collector.stderr, stdoutOverflow: collector.overflow)
    }

    struct SpawnFailure: Error { var text: String }

    private func spawn(stdout: Int32, stderr: Int32) -> Result<pid_t, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Where the C library cannot, the descriptors this process opens close on exec anyway.
        _ = ork_spawn_close_from(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = CStrings([executable] + arguments)
        let envp = CStrings(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            argv.free()
            envp.free()
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)
        guard result == 0 else { return .failure(SpawnFailure(text: Self.errorText(result))) }
        return .success(pid)
    }

    /// The child's status once it has exited, polling until the deadline (a child that closed its
    /// output but keeps running counts as not finished).
    static func wait(for pid: pid_t, until deadline: ContinuousClock.Instant) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7F
                return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
            }
            if result < 0, errno != EINTR { return nil }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }

    static func errorText(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

/// NUL-terminated C strings for argv/envp, freed by the caller.
private struct CStrings {
    var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func free() {
        for pointer in pointers { Glibc.free(pointer) }
    }
}
