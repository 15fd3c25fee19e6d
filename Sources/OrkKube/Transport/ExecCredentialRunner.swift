import Dispatch
import Foundation
import OrkValue
import Synchronization

/// A token an exec plugin printed and when it stops being valid (nil: until the server refuses it).
struct ExecToken: Sendable, Equatable {
    var token: String
    var expiry: Date?
}

/// Runs an exec credential plugin once: the command with its args, the inherited environment plus
/// the kubeconfig's `env` and `KUBERNETES_EXEC_INFO`, no terminal (stdin is /dev/null), a deadline;
/// then reads the `ExecCredential` it printed. Every failure is a `.configuration` error that names the
/// plugin and, when it ran, what it wrote on stderr.
struct ExecCredentialRunner: Sendable {
    let plugin: ExecPlugin
    var timeout: Duration = .seconds(60)
    /// Output beyond this is refused (an ExecCredential is a few KiB).
    static let maxOutput = 1024 * 1024

    func run() async throws(KubeError) -> ExecToken {
        if plugin.interactiveMode == .always {
            throw failure("needs an interactive terminal (interactiveMode: Always), which ork never gives a plugin; "
                          + "run it once yourself (e.g. to log in) or set interactiveMode: IfAvailable")
        }
        let executable = try locate()
        let output = try await execute(executable)
        guard output.status == 0 else {
            throw failure("failed (exit \(output.status))" + Self.stderrSuffix(output.stderr))
        }
        return try parse(output.stdout, stderr: output.stderr)
    }

    func failure(_ text: String) -> KubeError {
        var message = "credential plugin \(plugin.name) of user \"\(plugin.userName)\" \(text)"
        if let hint = plugin.installHint, !hint.isEmpty, text.hasPrefix("not found") { message += "\n" + hint }
        return KubeError(kind: .configuration, message: message)
    }

    /// The last lines of stderr, printable characters only (it goes to logs and the terminal).
    static func stderrSuffix(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.suffix(2048), as: UTF8.self)
        let printable = String(text.unicodeScalars.map { scalar -> Character in
            scalar == "\n" || (scalar.value >= 0x20 && scalar.value != 0x7F) ? Character(scalar) : "?"
        }).trimmingCharacters(in: .whitespacesAndNewlines)
        return printable.isEmpty ? "" : ": " + printable
    }

    /// The plugin's path: as written when it has a `/`, else the first match in PATH.
    func locate() throws(KubeError) -> String {
        let manager = FileManager.default
        if plugin.command.contains("/") {
            guard manager.isExecutableFile(atPath: plugin.command) else {
                throw failure("not found: \(plugin.command) does not exist or is not executable")
            }
            return plugin.command
        }
        let path = plugin.baseEnvironment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(plugin.command)"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw failure("not found: \(plugin.command) is not in PATH")
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    func execute(_ executable: String) async throws(KubeError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = plugin.args
        var environment = plugin.baseEnvironment
        for (name, value) in plugin.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] = plugin.execInfo.serialized()
        process.environment = environment
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let outputs = PipeReader(stdout: stdout, stderr: stderr, limit: Self.maxOutput)
        let exited = ExitSignal()
        process.terminationHandler = { finished in exited.signal(finished.terminationStatus) }
        do {
            try process.run()
        } catch {
            throw failure("could not be started: \(error.localizedDescription)")
        }
        outputs.start()
        // The exit and the end of its output, or the deadline, whichever comes first (a child the
        // plugin left holding the pipes counts as not finished; it is not waited for).
        let first = FirstResult<(Int32, [UInt8], [UInt8], Bool)?>()
        let finished = await withCheckedContinuation { continuation in
            first.start(continuation)
            let deadline = Task { [timeout] in
                try? await Task.sleep(for: timeout)
                first.deliver(nil)
            }
            Task {
                let status = await exited.wait() ?? -1
                let (out, err, overflow) = await outputs.collected()
                deadline.cancel()
                first.deliver((status, out, err, overflow))
            }
        }
        guard let (status, out, err, overflow) = finished else {
            if process.isRunning { process.terminate() }
            throw failure("did not finish within \(timeout)")
        }
        if overflow { throw failure("printed more than \(Self.maxOutput / 1024) KiB") }
        return Output(status: status, stdout: out, stderr: err)
    }

    func parse(_ stdout: [UInt8], stderr: [UInt8]) throws(KubeError) -> ExecToken {
        let credential: JSONValue
        do {
            credential = try JSONValue.parse(bytes: stdout, maxDepth: 16)
        } catch {
            throw failure("printed no ExecCredential JSON (\(error))" + Self.stderrSuffix(stderr))
        }
        guard credential["kind"]?.stringValue == "ExecCredential" else {
            throw failure("printed kind \(credential["kind"]?.stringValue ?? "none"), not ExecCredential")
        }
        guard credential["apiVersion"]?.stringValue == plugin.apiVersion else {
            throw failure("printed apiVersion \(credential["apiVersion"]?.stringValue ?? "none"); the kubeconfig asks for "
                          + plugin.apiVersion)
        }
        guard let token = credential.value(atDotted: "status.token")?.stringValue, !token.isEmpty else {
            if credential.value(atDotted: "status.clientCertificateData") != nil {
                throw failure("returned a client certificate; ork takes tokens from plugins, not certificates")
            }
            throw failure("printed an ExecCredential without status.token")
        }
        guard !token.contains(where: { $0.isNewline || $0 == "\r" }) else {
            throw failure("printed a token with a line break")
        }
        var expiry: Date?
        if let text = credential.value(atDotted: "status.expirationTimestamp")?.stringValue, !text.isEmpty {
            guard let parsed = Self.parseTimestamp(text) else {
                throw failure("printed expirationTimestamp \"\(text.prefix(64))\", which is not RFC 3339")
            }
            expiry = parsed
        }
        return ExecToken(token: token, expiry: expiry)
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

/// Resumes a continuation with the first value delivered; later ones are dropped.
final class FirstResult<Value: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

    func start(_ continuation: CheckedContinuation<Value, Never>) {
        self.continuation.withLock { $0 = continuation }
    }

    func deliver(_ value: Value) {
        let waiting = continuation.withLock { current in
            defer { current = nil }
            return current
        }
        waiting?.resume(returning: value)
    }
}

/// The plugin's exit status, delivered once from Process's termination handler.
final class ExitSignal: Sendable {
    private struct State {
        var status: Int32?
        var waiter: CheckedContinuation<Int32?, Never>?
    }
    private let state = Mutex(State())

    func signal(_ value: Int32) {
        let waiter = state.withLock { state in
            state.status = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    func wait() async -> Int32? {
        await withCheckedContinuation { continuation in
            let status = state.withLock { state -> Int32? in
                if state.status == nil { state.waiter = continuation }
                return state.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }
}

/// Drains a process's stdout and stderr on background threads (a full pipe would block the plugin),
/// keeping at most `limit` bytes of stdout and the last 4 KiB of stderr.
final class PipeReader: Sendable {
    private struct Collected {
        var out: [UInt8] = []
        var err: [UInt8] = []
        var overflow = false
    }
    private let stdout: Pipe
    private let stderr: Pipe
    private let limit: Int
    private let group = DispatchGroup()
    private let collectedState = Mutex(Collected())

    init(stdout: Pipe, stderr: Pipe, limit: Int) {
        self.stdout = stdout
        self.stderr = stderr
        self.limit = limit
    }

    func start() {
        drain(stdout.fileHandleForReading, isStdout: true)
        drain(stderr.fileHandleForReading, isStdout: false)
    }

    private func drain(_ handle: FileHandle, isStdout: Bool) {
        group.enter()
        let limit = self.limit
        DispatchQueue.global().async { [self] in
            defer { group.leave() }
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                collectedState.withLock { collected in
                    if isStdout {
                        if collected.out.count + chunk.count <= limit { collected.out += chunk } else { collected.overflow = true }
                    } else {
                        collected.err += chunk
                        if collected.err.count > 4096 { collected.err.removeFirst(collected.err.count - 4096) }
                    }
                }
            }
        }
    }

    func collected() async -> ([UInt8], [UInt8], Bool) {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            group.notify(queue: .global()) { continuation.resume() }
        }
        return collectedState.withLock { ($0.out, $0.err, $0.overflow) }
    }
}
