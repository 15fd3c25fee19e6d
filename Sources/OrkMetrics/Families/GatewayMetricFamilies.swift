/// Every family of the gateway's `/metrics` with its help text: the one table the exporter takes
/// its `# HELP` lines from (docs/gateway-api.md lists the same families).
public enum GatewayMetricFamilies {
    public static let info = "orkestra_gateway_info"
    public static let requests = "orkestra_webhook_requests_total"
    public static let duration = "orkestra_webhook_duration_seconds"
    public static let infraProtection = "orkestra_infra_protection_total"
    public static let notifications = "orkestra_notifications_total"
    public static let deletionBlocked = "orkestra_deletion_protection_blocked_total"
    public static let conversions = "orkestra_conversion_requests_total"

    public static let descriptions: [MetricDescription] = [
        MetricDescription(info, help: "Gateway build and Katalog; always 1."),
        MetricDescription(requests, help: "Webhook requests by CRD, webhook and result."),
        MetricDescription(duration, help: "Time to answer a webhook request."),
        MetricDescription(infraProtection, help: "Deletion-protection decisions about objects that are not CRs of the Katalog."),
        MetricDescription(notifications, help: "Notifications by outcome."),
        MetricDescription(deletionBlocked, help: "Deletions (and, in strict mode, protection-label removals) refused, by the refused object's resource."),
        MetricDescription(conversions, help: "Conversion reviews by the CRD's kind, the objects' version and the version asked for."),
    ]
}
