import FoundationEssentials
import Hummingbird
import Logging
import NIOCore
import OrkHTTPServer
import OrkValue
import ServiceLifecycle
import Synchronization

/// The embedded API server: a `SandboxStore` served over HTTP on loopback, the way `kubectl` and
/// OrkKube speak to a real kube-apiserver. Start it, read `url`, stop it. It listens under
/// ``limits`` (docs/sandbox.md, "Limits"): read-header, body and idle timeouts, a connection cap,
/// header caps and the body cap, with errors as Kubernetes `Status` objects. Requests in flight
/// are not limited (watches are long-lived requests).
public final class SandboxServer: Sendable {
    public let store: SandboxStore
    public let faults: FaultInjector
    let host: String
    let requestedPort: Int
    let logger: Logger
    public let limits: ServerLimits

    /// The sandbox's defaults. The body cap (3 MiB, the kube-apiserver's) is enforced by the request
    /// handler while the bytes arrive, together with the nesting depth, so a deep body is a 400 even
    /// when it is also too large; requests in flight are not limited (watches are long requests).
    public static let defaultLimits = ServerLimits(maxBodyBytes: 3 << 20, maxConcurrentRequests: .max)
    private let state = Mutex<State>(State())

    struct State {
        var port: Int?
        var task: Task<Void, Never>?
        var group: ServiceGroup?
    }

    public init(store: SandboxStore, host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "orkestra.sandbox"),
                limits: ServerLimits = SandboxServer.defaultLimits) {
        self.store = store
        self.faults = FaultInjector()
        self.host = host
        self.requestedPort = port
        self.logger = logger
        self.limits = limits
    }

    /// The listener: its limits, errors as `Status` objects.
    var listener: GuardedListener {
        let errors = ErrorDocument { status, message in
            SandboxError(code: status, reason: SandboxServer.reason(status), message: message).status.serialized()
        }
        return GuardedListener(limits: limits, errors: errors, logger: logger)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 408: "Timeout"
        case 413: "RequestEntityTooLarge"
        case 429: "TooManyRequests"
        case 503: "ServiceUnavailable"
        default: status >= 500 ? "InternalError" : "BadRequest"
        }
    }

    /// The bound port, once started.
    public var port: Int? { state.withLock { $0.port } }

    /// `http://127.0.0.1:<port>`.
    public var url: String { "http://\(host):\(port ?? requestedPort)" }

    /// Starts listening; returns when the port is bound. Throws when it cannot bind.
    public func start() async throws {
        let bound = try await listen(port: requestedPort)
        state.withLock { $0.port = bound }
        await faults.setRefuser { [weak self] duration in await self?.refuse(for: duration) }
    }

    /// Stops listening and closes connections (open watches end); requests in flight finish (for at
    /// most `ServerLifetime.grace`). Never by cancelling the serving task while it listens: NIO traps on a
    /// connection accepted but not yet served (`ServerLifetime`).
    public func stop() async {
        let (task, group) = state.withLock { state -> (Task<Void, Never>?, ServiceGroup?) in
            defer {
                state.task = nil
                state.group = nil
            }
            return (state.task, state.group)
        }
        // Open watches would hold a graceful shutdown until they time out: end them first.
        await store.dropAllWatches()
        await group?.triggerGracefulShutdown()
        await task?.value
        await store.dropAllWatches()
    }

    /// Stops accepting connections for `duration`, then listens on the same port again.
    func refuse(for duration: Duration) async {
        guard let port else { return }
        logger.info("refusing connections", metadata: ["for": "\(duration)"])
        await stop()
        try? await Task.sleep(for: duration)
        do {
            _ = try await listen(port: port)
        } catch {
            logger.error("cannot listen again after refusing connections", metadata: ["port": "\(port)", "error": "\(error)"])
        }
    }

    private func listen(port: Int) async throws -> Int {
        let handler = SandboxRequestHandler(store: store, faults: faults, serverAddress: { [host] in "\(host):\(port)" })
        let listener = self.listener
        let responder = CallbackResponder<BasicRequestContext> { request, _ in await handler.respond(to: request) }
        let (stream, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            responder: responder,
            server: .http1(configuration: listener.http1),
            configuration: listener.configuration(host: host, port: port, serverName: "orkestra-sandbox"),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        let group = ServerLifetime.group(application, logger: logger)
        let task = Task {
            do {
                try await group.run()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        state.withLock {
            $0.task = task
            $0.group = group
        }
        for await result in stream {
            return try result.get()
        }
        throw SandboxError(code: 500, reason: "InternalError", message: "the sandbox server stopped before it was listening")
    }

    /// A kubeconfig pointing at this server (plain HTTP on loopback). It carries the sandbox's token
    /// (`faults.token`), which only the control endpoint `/_sandbox/faults` requires.
    public func kubeconfig(namespace: String = "default") -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: orkestra-sandbox
            cluster: {server: "\(url)"}
        users:
          - name: orkestra-sandbox
            user: {token: "\(faults.token)"}
        contexts:
          - name: orkestra-sandbox
            context: {cluster: orkestra-sandbox, user: orkestra-sandbox, namespace: \(namespace)}
        current-context: orkestra-sandbox

        """
    }
}
