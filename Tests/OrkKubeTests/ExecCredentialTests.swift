import Foundation
@testable import OrkKube
import OrkTestSupport
import OrkValue
import Synchronization
import Testing

/// Exec credential plugins: read from the kubeconfig as kubectl does, run with their args, env and
/// KUBERNETES_EXEC_INFO, their token cached until it expires, re-run when the server refuses it, and
/// every failure reported with the plugin's name and stderr.
@Suite struct ExecCredentialTests {
    /// A plugin script in a fresh directory. It counts its runs in `count`, copies
    /// KUBERNETES_EXEC_INFO and its arguments to `info` and `args`, and prints `$TOKEN_1` on its first
    /// run and `$TOKEN` after, expiring `$TTL` seconds from now.
    struct Plugin {
        let directory: String
        var script: String { directory + "/token-plugin" }
        var runs: Int { Int((try? String(contentsOfFile: directory + "/count", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0 }
        var info: String { (try? String(contentsOfFile: directory + "/info", encoding: .utf8)) ?? "" }
        var args: String { (try? String(contentsOfFile: directory + "/args", encoding: .utf8)) ?? "" }

        init(body: String? = nil) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("ork-exec-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let text = body ?? """
                #!/bin/sh
                dir=$(dirname "$0")
                n=$(( $(cat "$dir/count" 2>/dev/null || echo 0) + 1 ))
                echo "$n" > "$dir/count"
                printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/info"
                echo "$@" > "$dir/args"
                token="$TOKEN"
                if [ "$n" = 1 ] && [ -n "$TOKEN_1" ]; then token="$TOKEN_1"; fi
                expires=$(date -u -d "+${TTL:-3600} seconds" +%Y-%m-%dT%H:%M:%SZ)
                printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "$token" "$expires"
                """
            try text.write(toFile: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        }

        /// The kubeconfig `user:` body (indented under it) running this plugin with `env`.
        func exec(_ env: [String: String]) -> String {
            let lines = ["exec:", "  apiVersion: client.authentication.k8s.io/v1", "  command: \(script)",
                         "  args: [--cluster, one]", "  interactiveMode: Never", "  env:"]
                + env.sorted { $0.key < $1.key }.map { "    - {name: \($0.key), value: \"\($0.value)\"}" }
            return lines.map { "      " + $0 }.joined(separator: "\n")
        }

        func plugin(_ env: [String: String] = [:], base: [String: String] = [:]) -> ExecPlugin {
            ExecPlugin(userName: "dev", apiVersion: "client.authentication.k8s.io/v1", command: script, args: ["--cluster", "one"],
                       env: env, server: "https://10.0.0.1:6443", baseEnvironment: base)
        }
    }

    static func kubeconfig(server: String, user: String) -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters: [{name: c, cluster: {server: "\(server)", insecure-skip-tls-verify: true}}]
        contexts: [{name: dev, context: {cluster: c, user: dev}}]
        users:
          - name: dev
            user:
        \(user)
        """
    }

    @Test func theLoaderReadsTheExecBlockAsKubectlDoes() throws {
        let files = ["/home/u/.kube/config": Self.kubeconfig(server: "https://10.0.0.1:6443", user: """
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: ./bin/get-token
                      args: [eks, get-token]
                      env: [{name: AWS_PROFILE, value: prod}]
                      provideClusterInfo: true
            """)]
        let config = try #require(try KubeConfigLoader(environment: ["HOME": "/home/u", "PATH": "/bin"],
                                                       fileSystem: MemoryFS(files: files)).resolve())
        guard case .exec(let plugin) = config.credentials else {
            Issue.record("expected exec credentials, got \(config.credentials)")
            return
        }
        #expect(plugin.command == "/home/u/.kube/./bin/get-token", "relative to the kubeconfig's directory")
        #expect(plugin.args == ["eks", "get-token"])
        #expect(plugin.env == ["AWS_PROFILE": "prod"])
        #expect(plugin.interactiveMode == .ifAvailable, "v1beta1's default")
        #expect(plugin.baseEnvironment["PATH"] == "/bin")
        #expect(plugin.execInfo.value(atDotted: "spec.cluster.server") == "https://10.0.0.1:6443")
        #expect(plugin.execInfo.value(atDotted: "spec.interactive") == false)

        for (exec, message) in [
            ("exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}",
             "user \"dev\": exec interactiveMode must be set for client.authentication.k8s.io/v1 (as kubectl requires)"),
            ("exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: aws}",
             "user \"dev\": exec plugin apiVersion \"client.authentication.k8s.io/v1alpha1\" is not supported; use client.authentication.k8s.io/v1 or client.authentication.k8s.io/v1beta1"),
            ("exec: {apiVersion: client.authentication.k8s.io/v1, interactiveMode: Never}", "user \"dev\": exec plugin has no command"),
        ] {
            let broken = ["/k": Self.kubeconfig(server: "https://x", user: "      " + exec)]
            #expect(throws: KubeConfigError(message)) {
                try KubeConfigLoader(environment: [:], fileSystem: MemoryFS(files: broken)).resolve(kubeconfig: "/k")
            }
        }
    }

    @Test func thePluginGetsItsArgsEnvAndExecInfoAndItsTokenIsCachedUntilItExpires() async throws {
        let plugin = try Plugin()
        let clock = TestWallClock()
        let source = TokenSource(credentials: .exec(plugin.plugin(["TOKEN": "abc", "TTL": "3600"], base: ["PATH": "/usr/bin:/bin"])),
                                 now: { clock.now })
        #expect(try await source.authorization() == "Bearer abc")
        #expect(try await source.authorization() == "Bearer abc")
        #expect(plugin.runs == 1, "cached while valid")
        #expect(plugin.args == "--cluster one\n")
        let info = try JSONValue.parse(plugin.info)
        #expect(info["kind"] == "ExecCredential")
        #expect(info.value(atDotted: "spec.interactive") == false)

        clock.advance(by: 3597)  // within the 5 s skew of the expiry an hour away
        #expect(try await source.authorization() == "Bearer abc")
        #expect(plugin.runs == 2, "renewed before it expires")

        #expect(await source.invalidate(), "a plugin can give another token")
        _ = try await source.authorization()
        #expect(plugin.runs == 3, "re-run after the server refused it")
    }

    @Test func concurrentRequestsShareOneRun() async throws {
        let plugin = try Plugin()
        let source = TokenSource(credentials: .exec(plugin.plugin(["TOKEN": "abc"], base: ["PATH": "/usr/bin:/bin"])))
        let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<16 { group.addTask { try await source.authorization() } }
            return try await group.reduce(into: [String?]()) { $0.append($1) }
        }
        #expect(Set(tokens) == ["Bearer abc"])
        #expect(plugin.runs == 1)
    }

    @Test func failuresNameThePluginAndSayWhy() async throws {
        let base = ["PATH": "/usr/bin:/bin"]
        func message(_ plugin: ExecPlugin) async -> String? {
            do {
                _ = try await ExecCredentialRunner(plugin: plugin).run()
                return nil
            } catch {
                return error.message
            }
        }
        var missing = try Plugin().plugin(base: base)
        missing.command = "no-such-token-plugin"
        missing.installHint = "install it with: apt-get install token-plugin"
        #expect(await message(missing) == "credential plugin no-such-token-plugin of user \"dev\" not found: no-such-token-plugin "
            + "is not in PATH\ninstall it with: apt-get install token-plugin")

        let failing = try Plugin(body: "#!/bin/sh\necho 'error: SSO session expired; run aws sso login' >&2\nexit 3\n")
        #expect(await message(failing.plugin(base: base))
            == "credential plugin token-plugin of user \"dev\" failed (exit 3): error: SSO session expired; run aws sso login")

        let garbage = try Plugin(body: "#!/bin/sh\necho 'not json'\n")
        #expect(await message(garbage.plugin(base: base))?.hasPrefix("credential plugin token-plugin of user \"dev\" printed no ExecCredential JSON") == true)

        let wrongVersion = try Plugin(body: "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'\n")
        #expect(await message(wrongVersion.plugin(base: base)) == "credential plugin token-plugin of user \"dev\" printed apiVersion "
            + "client.authentication.k8s.io/v1beta1; the kubeconfig asks for client.authentication.k8s.io/v1")

        var interactive = try Plugin().plugin(base: base)
        interactive.interactiveMode = .always
        #expect(await message(interactive)?.contains("needs an interactive terminal") == true)

        let hanging = try Plugin(body: "#!/bin/sh\nsleep 30\n")
        var runner = ExecCredentialRunner(plugin: hanging.plugin(base: base))
        runner.timeout = .milliseconds(200)
        do {
            _ = try await runner.run()
            Issue.record("a hanging plugin must time out")
        } catch {
            #expect(error.message == "credential plugin token-plugin of user \"dev\" did not finish within 0.2 seconds")
        }

        // Output without end: refused at the size cap, not read until the (here long) deadline.
        let flooding = try Plugin(body: "#!/bin/sh\nyes\n")
        var flood = ExecCredentialRunner(plugin: flooding.plugin(base: base))
        flood.timeout = .seconds(600)
        do {
            _ = try await flood.run()
            Issue.record("a flooding plugin must be refused")
        } catch {
            #expect(error.message == "credential plugin token-plugin of user \"dev\" printed more than 1024 KiB (output too large)")
        }
    }

    /// Against the sandbox and (ORK_KUBE_INTEGRATION=1) the real API server: the plugin's first token
    /// is refused, the client runs it again and the same request succeeds; later requests use the cache.
    @Test(arguments: ConformanceTarget.available)
    func aRefusedTokenIsRenewedAndTheRequestSucceeds(_ target: ConformanceTarget) async throws {
        let cluster = try await TestCluster.start(target)
        defer { Task { await cluster.stop() } }
        let realToken: String
        switch cluster.config.credentials {
        case .token(let token): realToken = token
        case .tokenFile(let path): realToken = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        default:
            Issue.record("the test cluster's kubeconfig has no token to hand the plugin")
            return
        }
        // The sandbox takes any token: it refuses the first request as the real server refuses the first token.
        await cluster.sandbox?.faults.add(.init(verb: "list", resource: "namespaces", code: 401, count: 1))
        let plugin = try Plugin()
        let path = plugin.directory + "/kubeconfig"
        try Self.kubeconfig(server: cluster.config.server, user: plugin.exec(["TOKEN": realToken, "TOKEN_1": "expired-token"]))
            .write(toFile: path, atomically: true, encoding: .utf8)
        var config = try #require(try KubeConfigLoader(environment: ["PATH": "/usr/bin:/bin"]).resolve(kubeconfig: path))
        config.certificateAuthorityPEM = cluster.config.certificateAuthorityPEM
        config.insecureSkipTLSVerify = cluster.config.insecureSkipTLSVerify
        let client = try KubeClient(config: config)
        let namespaces = APIResource(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
        _ = try await client.list(namespaces)
        #expect(plugin.runs == 2, "the refused token was replaced once")
        _ = try await client.list(namespaces)
        #expect(plugin.runs == 2, "then cached")
        await client.shutdown()
    }

    @Test func aProxiedRequests401NeverRenewsTheCredential() {
        let status = KubeResponse(status: 401, body: Array(#"{"kind":"Status","reason":"Unauthorized","code":401}"#.utf8))
        let backend = KubeResponse(status: 401, body: Array(#"{"error":"this API needs a bearer token"}"#.utf8))
        let direct = KubeRequest(method: "GET", path: "/api/v1/pods")
        let proxied = KubeRequest(method: "GET", path: "/api/v1/namespaces/x/pods/p:8080/proxy/katalog", proxied: true)
        #expect(HTTPClientTransport.refusesCredential(status, of: direct))
        #expect(HTTPClientTransport.refusesCredential(backend, of: direct))
        // A backend can answer with a Status body as well as the API server can.
        #expect(!HTTPClientTransport.refusesCredential(status, of: proxied))
        #expect(!HTTPClientTransport.refusesCredential(backend, of: proxied))
        #expect(!HTTPClientTransport.refusesCredential(KubeResponse(status: 403, body: status.body), of: direct))
    }
}

/// A wall clock a test moves by hand.
final class TestWallClock: Sendable {
    private let offset = Mutex<TimeInterval>(0)
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func advance(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

struct MemoryFS: TextFileSystem {
    var files: [String: String]
    func readText(atPath path: String) -> String? { files[path] }
}
