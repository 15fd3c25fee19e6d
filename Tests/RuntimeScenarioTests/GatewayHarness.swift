import Logging
import OrkGateway
import OrkKatalog
import OrkTemplate
import OrkTestSupport
import Testing

/// A gateway in this process beside a runtime: dev mode, loopback, ports chosen by the system.
struct GatewayHarness {
    let gateway: Gateway
    let task: Task<Void, any Error>
    /// The HTTP port (`/notify`, `/katalog`, probes).
    let httpPort: Int

    static func start(_ katalog: Katalog, cluster: TestCluster, namespace: String,
                      notificationClock: any MonotonicClock = ContinuousMonotonicClock(),
                      configure: (inout GatewayConfiguration) -> Void = { _ in }) async throws -> GatewayHarness {
        var configuration = GatewayConfiguration()
        configuration.dev = true
        configuration.host = "127.0.0.1"
        configuration.httpPort = 0
        configuration.httpsPort = 0
        configuration.namespace = namespace
        configuration.cleanupOnShutdown = true
        configure(&configuration)
        var logger = Logger(label: "orkestra.gateway.test")
        logger.logLevel = .warning
        let gateway = Gateway(katalog: katalog, configuration: configuration, client: cluster.client, logger: logger,
                              notificationClock: notificationClock)
        let port = PortBox()
        let task = Task { try await gateway.run { http, _ in port.set(http) } }
        guard try await eventually({ port.value != nil }), let httpPort = port.value else {
            task.cancel()
            throw GatewayHarnessError()
        }
        return GatewayHarness(gateway: gateway, task: task, httpPort: httpPort)
    }

    /// Stops it (with cleanup, its webhook configurations are removed first).
    func stop() async {
        task.cancel()
        _ = try? await task.value
    }
}

struct GatewayHarnessError: Error, CustomStringConvertible {
    var description: String { "the gateway did not start listening" }
}
