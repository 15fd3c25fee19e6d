import FoundationEssentials
import OrkValue

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
        }).trimmingWhitespace()
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
        var environment = plugin.baseEnvironment
        for (name, value) in plugin.env { environment[name] = value }
        environment["KUBERNETES_EXEC_INFO"] = plugin.execInfo.serialized()
        let child = ChildProcess(executable: executable, arguments: plugin.args, environment: environment,
                                 timeout: timeout, stdoutLimit: Self.maxOutput)
        // A process the plugin started that still holds the pipes at the deadline counts as not
        // finished; the plugin's whole process group is killed then.
        switch await child.run() {
        case .notStarted(let reason):
            throw failure("could not be started: \(reason)")
        case .timedOut:
            throw failure("did not finish within \(timeout)")
        case .outputTooLarge:
            throw failure("printed more than \(Self.maxOutput / 1024) KiB (output too large)")
        case .cancelled:
            throw failure("was stopped: the request that needed it was cancelled")
        case .failed(let reason):
            throw failure("ran, but ork could not read its result: \(reason)")
        case .finished(let status, let stdout, let stderr):
            return Output(status: status, stdout: stdout, stderr: stderr)
        }
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
        if let date = try? Date.ISO8601FormatStyle().parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}
