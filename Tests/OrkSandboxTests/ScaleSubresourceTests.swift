import OrkTestSupport
import OrkValue
import Testing
@testable import OrkSandbox

/// `kubectl scale` over a real socket: the Deployment's `scale` subresource reads and writes its
/// `spec.replicas`, refuses a negative count and a stale resourceVersion, and is not served for kinds
/// without one.
@Suite(.serialized) struct ScaleSubresourceTests {
    static let deployments = "/apis/apps/v1/namespaces/default/deployments"

    @Test func scaleReadsAndWritesTheDeploymentsReplicas() async throws {
        try await RequestLimitTests.withServer { _, port in
            let deployment: JSONValue = [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
                "spec": ["selector": ["matchLabels": ["app": "web"], "matchExpressions": [["key": "tier", "operator": "In", "values": ["b", "a"]]]],
                         "template": ["metadata": ["labels": ["app": "web", "tier": "a"]],
                                      "spec": ["containers": [["name": "web", "image": "nginx"]]]]]]
            let created = try await RawHTTPClient.exchange(port: port, method: "POST", path: Self.deployments,
                                                           headers: [("Content-Type", "application/json")], body: Array(deployment.serialized().utf8))
            #expect(created.status == 201, "\(created.text)")

            let scale = try JSONValue.parse(bytes: try await RawHTTPClient.exchange(port: port, method: "GET", path: Self.deployments + "/web/scale").body)
            #expect(scale["kind"] == "Scale" && scale["apiVersion"] == "autoscaling/v1")
            #expect(scale["spec"] == ["replicas": 1])
            #expect(scale["status"] == ["replicas": 0, "selector": "app=web,tier in (a,b)"])

            let patched = try await RawHTTPClient.exchange(port: port, method: "PATCH", path: Self.deployments + "/web/scale",
                                                           headers: [("Content-Type", "application/merge-patch+json")],
                                                           body: Array(#"{"spec":{"replicas":4}}"#.utf8))
            let patchedScale = try JSONValue.parse(bytes: patched.body)
            #expect(patched.status == 200 && patchedScale["spec"] == ["replicas": 4])
            let stored = try JSONValue.parse(bytes: try await RawHTTPClient.exchange(port: port, method: "GET", path: Self.deployments + "/web").body)
            #expect(stored.value(atDotted: "spec.replicas") == .int(4))

            let negative = try await RawHTTPClient.exchange(port: port, method: "PATCH", path: Self.deployments + "/web/scale",
                                                            headers: [("Content-Type", "application/merge-patch+json")],
                                                            body: Array(#"{"spec":{"replicas":-1}}"#.utf8))
            try RequestLimitTests.expectStatus(negative, 422, reason: "Invalid")

            let stale: JSONValue = ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": ["name": "web", "resourceVersion": "1"],
                                    "spec": ["replicas": 2]]
            let put = try await RawHTTPClient.exchange(port: port, method: "PUT", path: Self.deployments + "/web/scale",
                                                       headers: [("Content-Type", "application/json")], body: Array(stale.serialized().utf8))
            try RequestLimitTests.expectStatus(put, 409, reason: "Conflict")

            // Go clients send a zero count as "spec": {} (ScaleSpec.replicas is omitempty).
            let zero: JSONValue = ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": ["name": "web"], "spec": [:]]
            let zeroed = try await RawHTTPClient.exchange(port: port, method: "PUT", path: Self.deployments + "/web/scale",
                                                          headers: [("Content-Type", "application/json")], body: Array(zero.serialized().utf8))
            let zeroScale = try JSONValue.parse(bytes: zeroed.body)
            #expect(zeroed.status == 200 && zeroScale["spec"] == [:], "\(zeroed.text)")
            let scaledDown = try JSONValue.parse(bytes: try await RawHTTPClient.exchange(port: port, method: "GET", path: Self.deployments + "/web").body)
            #expect(scaledDown.value(atDotted: "spec.replicas") == .int(0))

            let renamed: JSONValue = ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": ["name": "other"], "spec": ["replicas": 1]]
            let mismatch = try await RawHTTPClient.exchange(port: port, method: "PUT", path: Self.deployments + "/web/scale",
                                                            headers: [("Content-Type", "application/json")], body: Array(renamed.serialized().utf8))
            try RequestLimitTests.expectStatus(mismatch, 400, reason: "BadRequest")

            let configMapScale = try await RawHTTPClient.exchange(port: port, method: "GET", path: RequestLimitTests.configMapsPath + "/x/scale")
            #expect(configMapScale.status == 404)
        }
    }

    @Test func selectorTextFollowsTheAPIsForm() {
        #expect(LabelSelectorText.text(of: nil) == "")
        #expect(LabelSelectorText.text(of: ["matchLabels": ["b": "2", "a": "1"]]) == "a=1,b=2")
        #expect(LabelSelectorText.text(of: ["matchExpressions": [
            ["key": "z", "operator": "DoesNotExist"], ["key": "y", "operator": "Exists"],
            ["key": "x", "operator": "NotIn", "values": ["2", "1"]]]]) == "x notin (1,2),y,!z")
        #expect(LabelSelectorText.text(of: ["matchLabels": ["a": 1]]) == nil)
        #expect(LabelSelectorText.text(of: ["matchExpressions": [["key": "a", "operator": "Near"]]]) == nil)
        #expect(LabelSelectorText.text(of: ["matchExpressions": [["key": "a", "operator": "In", "values": []]]]) == nil)
        #expect(LabelSelectorText.text(of: ["matchExpressions": [["key": "a", "operator": "In", "values": [1]]]]) == nil)
    }
}
