import OrkGateway
import OrkKatalog
import OrkSandbox
import OrkValue

/// The gateway's admission webhooks for a Katalog, run inside the embedded sandbox: `ork run` on the
/// sandbox then refuses and defaults CRs as a cluster with the gateway installed does, with the same
/// words. The API server's order is kept: the mutating webhook first, its patch applied, then the
/// validating webhook on the mutated object. Only what the gateway would register runs: nothing
/// unless `spec.security.webhooks.admission.enabled`.
public struct KatalogSandboxAdmission: SandboxAdmission {
    let webhooks: AdmissionWebhooks

    /// Nil when the Katalog turns admission off.
    public init?(katalog: Katalog) {
        guard katalog.security.admissionEnabled else { return nil }
        webhooks = AdmissionWebhooks(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder())
    }

    public func admit(_ request: SandboxAdmissionRequest) -> SandboxAdmissionDecision {
        var review = AdmissionRequest(uid: "sandbox", group: request.group, version: request.version, resource: request.resource,
                                      kind: request.kind, name: request.name, namespace: request.namespace,
                                      operation: request.operation, object: request.object, oldObject: request.oldObject)
        var object = request.object
        let mutation = webhooks.mutate(review)
        if !mutation.allowed {
            return Self.denial(mutation, webhook: GatewayNames.mutatingWebhook)
        }
        if !mutation.patch.isEmpty, let patched = try? JSONPatch.apply(mutation.patch, to: object) {
            object = patched
            review.object = patched
        }
        let validation = webhooks.validate(review)
        guard validation.allowed else { return Self.denial(validation, webhook: GatewayNames.validatingWebhook) }
        return .allowed(object: object)
    }

    static func denial(_ response: AdmissionResponse, webhook: String) -> SandboxAdmissionDecision {
        .denied(code: response.code ?? 400,
                message: "admission webhook \"\(webhook)\" denied the request: \(response.message ?? "")",
                causes: response.causes.map { SandboxError.Cause(field: $0.field, reason: "FieldValueInvalid", message: $0.message) })
    }
}
