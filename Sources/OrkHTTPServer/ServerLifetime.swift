import Logging
import ServiceLifecycle

/// How an Orkestra server stops: never by cancelling the task that serves while it listens. NIO
/// traps ("Deinited NIOAsyncWriter without calling finish()") on a connection it accepted but the
/// server has not yet taken when the serving task is cancelled (apple/swift-nio#2637 and #3481;
/// run 38 of scripts/test crashed so). A graceful shutdown closes the listener first and serves
/// what it accepted; requests still running after `grace` are then cancelled.
package enum ServerLifetime {
    /// Runs `server` until the calling task is cancelled, then shuts it down gracefully.
    package static func run(_ server: some Service, grace: Duration = Self.grace, logger: Logger) async throws {
        let group = Self.group(server, grace: grace, logger: logger)
        // Not a child task: the caller's cancellation must reach the server as a graceful shutdown.
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    /// How long a stopping server lets requests in flight finish before cancelling them.
    package static let grace: Duration = .seconds(2)

    /// The group a server runs in so that it can be stopped gracefully (`triggerGracefulShutdown`):
    /// requests in flight get `grace`, then they are cancelled.
    package static func group(_ server: some Service, grace: Duration = Self.grace, logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(services: [.init(service: server)], logger: logger)
        configuration.maximumGracefulShutdownDuration = grace
        return ServiceGroup(configuration: configuration)
    }
}
