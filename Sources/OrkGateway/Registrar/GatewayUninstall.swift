import Logging
import OrkKube
import OrkValue

/// `ork-gateway --uninstall`: what the chart's post-delete hook Job runs after `helm uninstall`
/// deleted the gateway's Deployment. It waits until no gateway pod is left in the namespace (a
/// replica not yet stopped would re-create what is removed), then removes every webhook
/// configuration of ours, so no `failurePolicy: Fail` webhook outlives the gateway. Needs only:
/// `list` pods in its namespace, `delete` on the configurations by name.
public struct GatewayUninstall: Sendable {
    public let client: KubeClient
    public let namespace: String
    /// The gateway pods' label selector (the chart's selector labels).
    public let podSelector: String
    public let timeout: Duration
    public let poll: Duration
    let logger: Logger

    public init(client: KubeClient, namespace: String, podSelector: String, timeout: Duration = .seconds(120),
                poll: Duration = .seconds(1), logger: Logger) {
        self.client = client
        self.namespace = namespace
        self.podSelector = podSelector
        self.timeout = timeout
        self.poll = poll
        self.logger = logger
    }

    /// Removes the configurations once no gateway pod is left; also when some are still there at the
    /// deadline (then the configurations may come back, and this returns false).
    public func run(clock: some Clock<Duration> = ContinuousClock()) async -> Bool {
        let deadline = clock.now.advanced(by: timeout)
        var remaining: [String] = []
        while true {
            do {
                remaining = try await gatewayPods()
                if remaining.isEmpty { break }
                logger.info("waiting for \(remaining.count) gateway pod(s) to stop: \(remaining.prefix(5).joined(separator: ", "))")
            } catch {
                logger.warning("cannot list the gateway pods (\(podSelector)) in \(namespace): \(error)")
            }
            if clock.now >= deadline { break }
            do { try await clock.sleep(for: poll) } catch { break }
        }
        let removed = await WebhookRegistrar.removeAll(client: client, logger: logger)
        if !remaining.isEmpty {
            logger.error("gateway pods still present after \(timeout): \(remaining.prefix(5).joined(separator: ", ")); removed the webhook configurations anyway, but those pods may re-create them")
            return false
        }
        if removed { logger.notice("no gateway pod is left: the webhook configurations are removed") }
        return removed
    }

    func gatewayPods() async throws(KubeError) -> [String] {
        let resource = try await client.resource(apiVersion: "v1", kind: "Pod")
        let list = try await client.list(resource, namespace: namespace, options: ListOptions(labelSelector: podSelector, limit: 100),
                                         metadataOnly: true)
        return list.items.compactMap { $0.value(atDotted: "metadata.name")?.stringValue }
    }
}
