import OrkRuntime
import OrkValue

/// CRs, the child tree of `shop/alpha` and its events.
extension Fixtures {
    static func cr(_ kind: String, namespace: String?, name: String, uid: String, created: String, generation: Int,
                   status: JSONValue?, labels: JSONValue = [:], annotations: JSONValue = [:]) -> JSONValue {
        var metadata: [String: JSONValue] = [
            "name": .string(name), "uid": .string(uid), "creationTimestamp": .string(created),
            "generation": .int(generation), "resourceVersion": "1200", "labels": labels, "annotations": annotations,
        ]
        if let namespace { metadata["namespace"] = .string(namespace) }
        var object: [String: JSONValue] = ["apiVersion": "demo.orkestra.io/v1", "kind": .string(kind),
                                           "metadata": .object(metadata), "spec": ["replicas": 2]]
        if let status { object["status"] = status }
        return .object(object)
    }

    static let websites: [JSONValue] = [
        // Deliberately unsorted: the API sorts by namespace, then name.
        cr("Website", namespace: "web", name: "gamma", uid: "0c1d2e3f-0000-4000-8000-000000000003",
           created: "2026-05-29T15:04:15Z", generation: 1, status: nil),
        cr("Website", namespace: "shop", name: "beta", uid: "0c1d2e3f-0000-4000-8000-000000000002",
           created: "2026-05-28T09:00:00Z", generation: 4,
           status: ["phase": "Degraded", "observedGeneration": 3, "conditions": [
               ["type": "Ready", "status": "False", "reason": "ChildrenNotReady", "message": "Deployment beta-web: 0/2 ready",
                "lastTransitionTime": "2026-05-29T15:01:40Z"],
           ]]),
        cr("Website", namespace: "shop", name: "alpha", uid: alphaUID, created: "2026-05-27T15:05:15Z", generation: 2,
           status: ["phase": "Running", "observedGeneration": 2, "url": "https://alpha.shop.example.com", "conditions": [
               ["type": "Ready", "status": "True", "reason": "ChildrenReady", "message": "all 4 children ready",
                "lastTransitionTime": "2026-05-29T14:55:00Z"],
               ["type": "ValidationFailed", "status": "False", "reason": "Valid", "message": ""],
           ]],
           labels: ["app.kubernetes.io/name": "alpha", "team": "storefront"],
           annotations: ["orkestra.orkspace.io/child-hash": "3f2a", "kubectl.kubernetes.io/last-applied-configuration": "{}",
                         "shop.example.com/owner": "storefront@example.com"]),
    ]

    static let databases: [JSONValue] = [
        cr("Database", namespace: "shop", name: "main-db", uid: "1a2b3c4d-0000-4000-8000-000000000010",
           created: "2026-05-20T10:00:00Z", generation: 7,
           status: ["conditions": [["type": "Ready", "status": "Unknown"]]]),
    ]

    static let tenants: [JSONValue] = [
        cr("Tenant", namespace: nil, name: "acme", uid: acmeUID, created: "2026-05-29T12:05:15Z", generation: 1,
           status: ["conditions": [["type": "Ready", "status": "True"]]]),
    ]

    static let alphaTree: [ChildTreeNode] = [
        ChildTreeNode(apiVersion: "v1", kind: "ConfigMap", name: "alpha-config", namespace: "shop",
                  uid: "c0000000-0000-4000-8000-000000000001", ready: true),
        ChildTreeNode(apiVersion: "apps/v1", kind: "Deployment", name: "alpha-web", namespace: "shop",
                  uid: "d0000000-0000-4000-8000-000000000001", ready: false, reason: "1/2 ready", replicasReady: 1,
                  replicasDesired: 2, children: [
                      ChildTreeNode(apiVersion: "apps/v1", kind: "ReplicaSet", name: "alpha-web-5d4f8b7c9", namespace: "shop",
                                uid: "r0000000-0000-4000-8000-000000000001", ready: false, reason: "1/2 ready",
                                replicasReady: 1, replicasDesired: 2, children: [
                                    ChildTreeNode(apiVersion: "v1", kind: "Pod", name: "alpha-web-5d4f8b7c9-2xkqp", namespace: "shop",
                                              uid: "p0000000-0000-4000-8000-000000000001", ready: true, reason: "Running"),
                                    ChildTreeNode(apiVersion: "v1", kind: "Pod", name: "alpha-web-5d4f8b7c9-h7t2m", namespace: "shop",
                                              uid: "p0000000-0000-4000-8000-000000000002", ready: false, reason: "ImagePullBackOff"),
                                ]),
                  ]),
        ChildTreeNode(apiVersion: "v1", kind: "Service", name: "alpha-svc", namespace: "shop",
                  uid: "s0000000-0000-4000-8000-000000000001", ready: true),
    ]

    static func event(_ name: String, type: String, reason: String, message: String, kind: String = "Website",
                      object: String = "alpha", count: Int?, first: String?, last: String?, eventTime: String? = nil,
                      component: String? = "orkestra") -> JSONValue {
        var event: [String: JSONValue] = [
            "apiVersion": "v1", "kind": "Event", "type": .string(type), "reason": .string(reason), "message": .string(message),
            "metadata": ["name": .string(name), "namespace": "shop", "creationTimestamp": "2026-05-29T14:00:00Z"],
            "involvedObject": ["kind": .string(kind), "name": .string(object), "namespace": "shop", "uid": .string(alphaUID)],
        ]
        if let count { event["count"] = .int(count) }
        if let first { event["firstTimestamp"] = .string(first) }
        if let last { event["lastTimestamp"] = .string(last) }
        if let eventTime { event["eventTime"] = .string(eventTime) }
        if let component { event["source"] = ["component": .string(component)] } else { event["reportingComponent"] = "orkestra-gateway" }
        return .object(event)
    }

    static let alphaEvents: [JSONValue] = [
        event("alpha.1", type: "Normal", reason: "Created", message: "created Deployment alpha-web", count: 1,
              first: "2026-05-27T15:05:20Z", last: "2026-05-27T15:05:20Z"),
        event("alpha.3", type: "Warning", reason: "ApplyFailed", message: "apply Deployment alpha-web: 409 Conflict", count: 3,
              first: "2026-05-29T15:00:01Z", last: "2026-05-29T15:01:40Z"),
        event("alpha.2", type: "Normal", reason: "Validated", message: "spec is valid", count: nil, first: nil, last: nil,
              eventTime: "2026-05-29T14:55:00.123456Z", component: nil),
    ]
}
