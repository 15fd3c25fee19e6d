import OrkHTTPServer
import OrkValue

/// The gateway's limits per port (docs/gateway.md, "Limits").
public enum GatewayLimits {
    /// The webhook port. The API server refuses objects over ~3 MiB (etcd's request limit), so no
    /// real review is larger than 3.5 MiB. At most 8 reviews are parsed at once (the others get
    /// 429 with `Retry-After`, which the API server's client honours), each within
    /// ``reviewBudget``: worst case ~8 × (3.5 MiB body + tree) stays well inside the pod's memory.
    public static let webhooks = ServerLimits(maxBodyBytes: 3_670_016, maxConcurrentRequests: 8)

    /// The plain port: probes, fleet view, metrics, `/notify` (bodies up to 1 MiB).
    public static let http = ServerLimits(maxBodyBytes: 1 << 20, maxConcurrentRequests: 32)

    /// What one review may build: a Kubernetes object is rarely deeper than 30 levels or larger than
    /// a few thousand values; 200,000 values (object and oldObject together) leave room for big
    /// CRs while a hostile `[0,0,…]` body stops after 200,000 elements.
    public static let reviewBudget = JSONParseBudget(maxDepth: 128, maxElements: 200_000)
}
