import OrkKatalog

/// Names the gateway gives the objects it owns, and the labels it reads.
public enum GatewayNames {
    public static let validatingConfiguration = "orkestra-admission-validation"
    public static let mutatingConfiguration = "orkestra-admission-mutation"
    public static let protectionConfiguration = "orkestra-deletion-protection"
    public static let ownConfigurations: Set<String> = [validatingConfiguration, mutatingConfiguration, protectionConfiguration]
    /// The webhooks' names, which the API server puts in a refusal
    /// (`admission webhook "validate.orkestra.orkspace.io" denied the request: …`).
    public static let validatingWebhook = "validate.orkestra.orkspace.io"
    public static let mutatingWebhook = "mutate.orkestra.orkspace.io"
    public static let namespaceWebhook = "namespaces.orkestra.orkspace.io"
    public static let crdProtectionWebhook = "protect.crds.orkestra.orkspace.io"
    public static let resourceProtectionWebhook = "protect.resources.orkestra.orkspace.io"

    /// Our configuration names of one kind (`ValidatingWebhookConfiguration` or `MutatingWebhookConfiguration`).
    public static func configurations(of kind: String) -> [String] {
        kind == "MutatingWebhookConfiguration" ? [mutatingConfiguration] : [validatingConfiguration, protectionConfiguration]
    }

    public static let protectionLabel = OrkNames.deletionProtectionLabel
    public static let strictModeExemptLabel = OrkNames.strictModeExemptLabel
}
