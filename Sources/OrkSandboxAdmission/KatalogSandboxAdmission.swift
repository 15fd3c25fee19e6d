import OrkGateway
import OrkKatalog
import OrkSandbox
import OrkValue

/// The gateway's admission webhooks for a Katalog, run inside the embedded sandbox: `ork run` on the
/// sandbox then refuses, defaults and protects as a cluster with the gateway installed does, with the
/// same words. Only what the gateway would register runs:
/// - `spec.security.webhooks.admission.enabled`: mutation first (its patch applied), then validation of
///   the mutated object, on CREATE and UPDATE of the Katalog's CRs;
/// - `spec.security.namespaceProtection`: CREATE of a CR in a namespace its rules refuse;
/// - `spec.security.deletionProtection`: DELETE of the Katalog's CRDs and of anything labelled
///   `orkestra.io/deletion-protection: "true"`; with strict mode, an UPDATE removing that label.
public struct KatalogSandboxAdmission: SandboxAdmission {
    let admission: AdmissionWebhooks?
    let namespaces: NamespaceProtectionWebhook?
    let protection: DeletionProtectionWebhook?

    /// Nil when the Katalog asks the gateway for none of these.
    public init?(katalog: Katalog) {
        let security = katalog.security
        let index = KatalogIndex(katalog: katalog)
        let stats = GatewayStatsRecorder()
        admission = security.admissionEnabled ? AdmissionWebhooks(index: index, stats: stats) : nil
        namespaces = !katalog.namespaceGuardedCRDs.isEmpty && security.namespaceProtection != nil
            ? NamespaceProtectionWebhook(index: index, stats: stats) : nil
        protection = (security.deletionProtection?.enabled ?? false)
            ? DeletionProtectionWebhook(index: index, stats: stats, strictMode: security.deletionProtection?.strictMode ?? false) : nil
        if admission == nil, namespaces == nil, protection == nil { return nil }
    }

    public func admit(_ request: SandboxAdmissionRequest) -> SandboxAdmissionDecision {
        let deleting = request.operation == "DELETE"
        var review = AdmissionRequest(uid: "sandbox", group: request.group, version: request.version, resource: request.resource,
                                      kind: request.kind, name: request.name, namespace: request.namespace,
                                      operation: request.operation, object: deleting ? nil : request.object,
                                      oldObject: request.oldObject)
        if let protection {
            let response = protection.review(review)
            if !response.allowed { return Self.denial(response, webhook: Self.protectionWebhook(request)) }
        }
        if deleting { return .allowed(object: request.object) }
        if let namespaces {
            let response = namespaces.review(review)
            if !response.allowed { return Self.denial(response, webhook: GatewayNames.namespaceWebhook) }
        }
        var object = request.object
        if let admission {
            let mutation = admission.mutate(review)
            if !mutation.allowed { return Self.denial(mutation, webhook: GatewayNames.mutatingWebhook) }
            if !mutation.patch.isEmpty, let patched = try? JSONPatch.apply(mutation.patch, to: object) {
                object = patched
                review.object = patched
            }
            let validation = admission.validate(review)
            guard validation.allowed else { return Self.denial(validation, webhook: GatewayNames.validatingWebhook) }
        }
        return .allowed(object: object)
    }

    static func protectionWebhook(_ request: SandboxAdmissionRequest) -> String {
        request.group == "apiextensions.k8s.io" && request.resource == "customresourcedefinitions"
            ? GatewayNames.crdProtectionWebhook : GatewayNames.resourceProtectionWebhook
    }

    static func denial(_ response: AdmissionResponse, webhook: String) -> SandboxAdmissionDecision {
        .denied(code: response.code ?? 400,
                message: "admission webhook \"\(webhook)\" denied the request: \(response.message ?? "")",
                causes: response.causes.map { SandboxError.Cause(field: $0.field, reason: "FieldValueInvalid", message: $0.message) })
    }
}
