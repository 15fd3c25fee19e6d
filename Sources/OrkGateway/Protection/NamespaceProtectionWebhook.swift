import OrkKatalog
import OrkValue

/// `/namespace-protection`: refuses to create a CR of the Katalog in a namespace its rules do not
/// allow (`allowedNamespaces`, `restrictedNamespaces` of the CRD and of
/// `spec.security.namespaceProtection`), 403 with a message naming the rule.
///
/// Only CREATE is reviewed: a CR made before a rule changed can still be updated, and its
/// finalizer removed, so deleting it is never blocked.
public struct NamespaceProtectionWebhook: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStatsRecorder

    public init(index: KatalogIndex, stats: GatewayStatsRecorder) {
        self.index = index
        self.stats = stats
    }

    public func review(_ request: AdmissionRequest) -> AdmissionResponse {
        guard request.operation == "CREATE", let entry = index.entry(group: request.group, resource: request.resource) else {
            return .allow()
        }
        let refusal = index.katalog.namespaceRefusal(for: entry, namespace: request.namespace)
        stats.metrics.recordNamespaceDecision(entry.key, denied: refusal != nil)
        guard let refusal else { return .allow() }
        return .deny(code: 403, reason: "Forbidden",
                     message: "[Orkestra Security] \(DeletionProtectionWebhook.subject(request)) cannot be created: \(refusal)")
    }
}
