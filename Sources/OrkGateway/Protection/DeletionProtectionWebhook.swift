import OrkKatalog
import OrkStats
import OrkValue

/// `/deletion-protection`: refuses to delete what must not disappear.
///
/// * DELETE of one of the gateway's own webhook configurations: denied (the protection would
///   otherwise be one `kubectl delete` away from gone).
/// * DELETE of a CRD the Katalog declares: denied; other CRDs: allowed.
/// * DELETE of any other object labelled `orkestra.io/deletion-protection: "true"`: denied.
/// * With `strictMode`, an UPDATE that removes that label is denied unless the object carries
///   `orkestra.io/strict-mode-exempt: "true"`.
/// Everything else is allowed. Denials answer 403 with a message saying how to proceed.
public struct DeletionProtectionWebhook: Sendable {
    public let index: KatalogIndex
    public let stats: GatewayStatsRecorder
    public let strictMode: Bool

    public init(index: KatalogIndex, stats: GatewayStatsRecorder, strictMode: Bool) {
        self.index = index
        self.stats = stats
        self.strictMode = strictMode
    }

    public func review(_ request: AdmissionRequest) -> AdmissionResponse {
        let decision: (denied: Bool, message: String)
        let subject = Self.subject(request)
        switch request.operation {
        case "DELETE":
            decision = deleteDecision(request, subject: subject)
        case "UPDATE" where strictMode:
            decision = labelRemovalDecision(request, subject: subject)
        default:
            return .allow()
        }
        if let entry = countedEntry(request) {
            stats.record(entry.key, .deletionProtection(denied: decision.denied))
        } else {
            stats.recordInfra(denied: decision.denied)
        }
        if decision.denied { stats.metrics.recordBlocked(resource: Self.blockedResource(request)) }
        return decision.denied ? .deny(code: 403, reason: "Forbidden", message: decision.message) : .allow()
    }

    private func deleteDecision(_ request: AdmissionRequest, subject: String) -> (denied: Bool, message: String) {
        if request.group == "admissionregistration.k8s.io", GatewayNames.ownConfigurations.contains(request.name) {
            return (true, "[Orkestra Security] \(subject) is the gateway's own webhook configuration and cannot be deleted "
                + "while deletion protection is on; disable spec.security.deletionProtection in the Katalog and redeploy the gateway")
        }
        if request.group == "apiextensions.k8s.io", request.resource == "customresourcedefinitions" {
            guard index.entry(crdName: request.name) != nil else { return (false, "") }
            return (true, "[Orkestra Security] \(subject) is a CRD of Katalog \(index.katalog.metadata.name) and is deletion-protected; "
                + "deleting it would delete every CR of it. Remove it from the Katalog (or disable "
                + "spec.security.deletionProtection) and redeploy the gateway first")
        }
        guard Self.isLabelled(request.oldObject ?? request.object) else { return (false, "") }
        return (true, "[Orkestra Security] \(subject) is deletion-protected (label \(GatewayNames.protectionLabel)=\"true\"); "
            + "remove the label first if you really mean to delete it")
    }

    private func labelRemovalDecision(_ request: AdmissionRequest, subject: String) -> (denied: Bool, message: String) {
        guard Self.isLabelled(request.oldObject), !Self.isLabelled(request.object) else { return (false, "") }
        let labels = request.object?.value(atDotted: "metadata.labels")
        if labels?[GatewayNames.strictModeExemptLabel]?.stringValue == "true" { return (false, "") }
        return (true, "[Orkestra Security] \(subject): strict mode forbids removing the label \(GatewayNames.protectionLabel); "
            + "label the object \(GatewayNames.strictModeExemptLabel)=\"true\" first, or turn strictMode off in the Katalog")
    }

    /// The Katalog entry a request counts for: a CR of the Katalog, or one of its CRDs.
    private func countedEntry(_ request: AdmissionRequest) -> CRDEntry? {
        if request.group == "apiextensions.k8s.io", request.resource == "customresourcedefinitions" {
            return index.entry(crdName: request.name)
        }
        return index.entry(group: request.group, resource: request.resource)
    }

    /// The `resource` label of a refusal: the CRD's or webhook configuration's own name when one of
    /// those is protected, else the refused object's resource (`websites.demo.orkestra.io`, `configmaps`).
    static func blockedResource(_ request: AdmissionRequest) -> String {
        if request.group == "apiextensions.k8s.io" && request.resource == "customresourcedefinitions"
            || request.group == "admissionregistration.k8s.io" && GatewayNames.ownConfigurations.contains(request.name) {
            return request.name
        }
        return request.group.isEmpty ? request.resource : "\(request.resource).\(request.group)"
    }

    static func isLabelled(_ object: JSONValue?) -> Bool {
        object?.value(atDotted: "metadata.labels")?[GatewayNames.protectionLabel]?.stringValue == "true"
    }

    /// `Kind namespace/name` for messages.
    static func subject(_ request: AdmissionRequest) -> String {
        let kind = request.kind.isEmpty ? request.resource : request.kind
        if let namespace = request.namespace, !namespace.isEmpty { return "\(kind) \(namespace)/\(request.name)" }
        return "\(kind) \(request.name)"
    }
}
