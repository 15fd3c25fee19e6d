import Foundation
import Hummingbird
import Logging
import NIOCore
import OrkCore
import ServiceLifecycle
import Synchronization

/// The embedded API server: a `SandboxStore` served over HTTP on loopback, the way `kubectl` and
/// OrkKube speak to a real kube-apiserver. Start it, read `url`, stop it.
public final class SandboxServer: Sendable {
    public let store: SandboxStore
    public let faults: FaultInjector
    let host: String
    let requestedPort: Int
    let logger: Logger
    private let state = Mutex<State>(State())

    struct State {
        var port: Int?
        var task: Task<Void, Never>?
        var group: ServiceGroup?
    }

    public init(store: SandboxStore, host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "orkestra.sandbox")) {
        self.store = store
        self.faults = FaultInjector()
        self.host = host
        self.requestedPort = port
        self.logger = logger
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

    /// Stops listening and closes connections (open watches end). Graceful: requests in flight finish.
    public func stop() async {
        await stop(graceful: true)
    }

    /// Stops at once when not graceful: the listener and every open connection are closed, as when
    /// a server goes away (used to refuse connections).
    func stop(graceful: Bool) async {
        let (task, group) = state.withLock { state -> (Task<Void, Never>?, ServiceGroup?) in
            defer {
                state.task = nil
                state.group = nil
            }
            return (state.task, state.group)
        }
        if graceful {
            // Open watches would hold a graceful shutdown until they time out: end them first.
            await store.dropAllWatches()
            await group?.triggerGracefulShutdown()
        } else {
            task?.cancel()
        }
        await task?.value
        await store.dropAllWatches()
    }

    /// Stops accepting connections for `duration`, then listens on the same port again.
    func refuse(for duration: Duration) async {
        guard let port else { return }
        logger.info("refusing connections", metadata: ["for": "\(duration)"])
        await stop(graceful: false)
        try? await Task.sleep(for: duration)
        do {
            _ = try await listen(port: port)
        } catch {
            logger.error("cannot listen again after refusing connections", metadata: ["port": "\(port)", "error": "\(error)"])
        }
    }

    private func listen(port: Int) async throws -> Int {
        let handler = SandboxRequestHandler(store: store, faults: faults, serverAddress: { [host] in "\(host):\(port)" })
        let responder = CallbackResponder<BasicRequestContext> { request, _ in await handler.respond(to: request) }
        let (stream, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "orkestra-sandbox", reuseAddress: true),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
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

    /// A kubeconfig pointing at this server (plain HTTP on loopback, no credentials needed).
    public func kubeconfig(namespace: String = "default") -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: orkestra-sandbox
            cluster: {server: "\(url)"}
        users:
          - name: orkestra-sandbox
            user: {}
        contexts:
          - name: orkestra-sandbox
            context: {cluster: orkestra-sandbox, user: orkestra-sandbox, namespace: \(namespace)}
        current-context: orkestra-sandbox

        """
    }
}
