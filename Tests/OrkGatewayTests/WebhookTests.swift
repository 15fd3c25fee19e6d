import Foundation
import OrkKatalog
import OrkStats
import OrkValue
import Testing
@testable import OrkGateway

/// The webhooks on the examples' Katalogs, request in, AdmissionReview/ConversionReview out.
struct WebhookTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func api(_ example: String) throws -> GatewayAPI {
        let result = KatalogLoader.load(file: "\(root)/examples/\(example)/katalog.yaml")
        let katalog = try #require(result.katalog)
        let fleet = FleetView(index: KatalogIndex(katalog: katalog), stats: GatewayStatsRecorder(),
                              pod: PodIdentity(name: "gw-0", ip: "10.0.0.1"), ownURL: "http://10.0.0.1:8080",
                              peers: nil, fetcher: NoPeers())
        return GatewayAPI(fleet: fleet)
    }

    static func admission(_ operation: String, group: String, version: String, resource: String, kind: String,
                          name: String, namespace: String? = "team-a", object: JSONValue?, oldObject: JSONValue? = nil) -> [UInt8] {
        var request: [String: JSONValue] = [
            "uid": "4b7c0c3e", "operation": .string(operation), "name": .string(name),
            "kind": ["group": .string(group), "version": .string(version), "kind": .string(kind)],
            "resource": ["group": .string(group), "version": .string(version), "resource": .string(resource)],
        ]
        if let namespace { request["namespace"] = .string(namespace) }
        if let object { request["object"] = object }
        if let oldObject { request["oldObject"] = oldObject }
        let review: JSONValue = ["apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": .object(request)]
        return Array(review.serialized().utf8)
    }

    static func website(image: String, replicas: JSONValue? = nil) -> JSONValue {
        var spec: [String: JSONValue] = ["image": .string(image)]
        if let replicas { spec["replicas"] = replicas }
        return ["apiVersion": "demo.orkestra.io/v1", "kind": "Website",
                "metadata": ["name": "blog", "namespace": "team-a"], "spec": .object(spec)]
    }

    func answer(_ api: GatewayAPI, _ path: String, _ body: [UInt8]) throws -> JSONValue {
        let answer = api.webhook(method: "POST", path: path, body: body)
        #expect(answer.status == 200, "\(answer.body)")
        return try JSONValue.parse(answer.body)
    }

    @Test func denyNamesTheObjectFieldAndRuleWithCauses() throws {
        let api = try Self.api("website")
        let body = Self.admission("CREATE", group: "demo.orkestra.io", version: "v1", resource: "websites", kind: "Website",
                                  name: "blog", object: Self.website(image: "nginx:latest", replicas: 3))
        let review = try answer(api, "/validate", body)
        #expect(review["kind"] == "AdmissionReview")
        #expect(review["response"]?["uid"] == "4b7c0c3e")
        #expect(review["response"]?["allowed"] == false)
        #expect(review["response"]?["status"]?["code"] == 400)
        #expect(review["response"]?["status"]?["message"]?.stringValue
            == "[team-a/blog] spec.image: pin the image to a version: nginx:latest uses :latest")
        let cause = review["response"]?["status"]?["details"]?["causes"]?[0]
        #expect(cause?["field"] == "spec.image" && cause?["type"] == "FieldValueInvalid")
        let (crds, _) = api.fleet.stats.snapshot()
        #expect(crds["website"]?.validation.denied == 1)
    }

    @Test func mutateFirstAppliesDefaultsBeforeValidation() throws {
        let api = try Self.api("website")
        // No replicas: the default (2) is applied first, so the between-1-and-10 rule passes.
        let body = Self.admission("CREATE", group: "demo.orkestra.io", version: "v1", resource: "websites", kind: "Website",
                                  name: "blog", object: Self.website(image: "nginx:1.27"))
        #expect(try answer(api, "/validate", body)["response"]?["allowed"] == true)
        let mutated = try answer(api, "/mutate", body)
        #expect(mutated["response"]?["patchType"] == "JSONPatch")
        let encoded = try #require(mutated["response"]?["patch"]?.stringValue)
        let patch = try JSONValue.parse(String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self))
        #expect(patch == [["op": "add", "path": "/spec/replicas", "value": 2]])
        // Nothing to change: no patch.
        let unchanged = Self.admission("UPDATE", group: "demo.orkestra.io", version: "v1", resource: "websites",
                                       kind: "Website", name: "blog", object: Self.website(image: "nginx:1.27", replicas: 4))
        #expect(try answer(api, "/mutate", unchanged)["response"]?["patch"] == nil)
        let (crds, _) = api.fleet.stats.snapshot()
        #expect(crds["website"]?.mutation.patched == 1 && crds["website"]?.mutation.unchanged == 1)
    }

    @Test func undeclaredResourcesAndDeletesAreAllowed() throws {
        let api = try Self.api("website")
        let pod = Self.admission("CREATE", group: "", version: "v1", resource: "pods", kind: "Pod", name: "p",
                                 object: ["metadata": ["name": "p"]])
        #expect(try answer(api, "/validate", pod)["response"]?["allowed"] == true)
        let delete = Self.admission("DELETE", group: "demo.orkestra.io", version: "v1", resource: "websites", kind: "Website",
                                    name: "blog", object: nil, oldObject: Self.website(image: "nginx:latest"))
        #expect(try answer(api, "/validate", delete)["response"]?["allowed"] == true)
    }

    @Test func malformedReviewsAre400NotCrashes() throws {
        let api = try Self.api("website")
        for body in ["", "[]", "{\"request\": 3}", "{\"request\": {\"uid\": \"x\"}}", "{\"request\": {\"uid\": \"x\", \"objects\": 1}}"] {
            for path in ["/validate", "/mutate", "/convert", "/deletion-protection"] {
                let answer = api.webhook(method: "POST", path: path, body: Array(body.utf8))
                #expect(answer.status == 400, "\(path) \(body): \(answer.body)")
            }
        }
        #expect(api.webhook(method: "GET", path: "/validate", body: []).status == 405)
        #expect(api.webhook(method: "POST", path: "/nope", body: []).status == 404)
    }

    static func conversionReview(_ desired: String, _ objects: [JSONValue]) -> [UInt8] {
        let review: JSONValue = ["apiVersion": "apiextensions.k8s.io/v1", "kind": "ConversionReview",
                                 "request": ["uid": "c0", "desiredAPIVersion": .string(desired), "objects": .array(objects)]]
        return Array(review.serialized().utf8)
    }

    @Test func conversionFollowsDeclaredPathsAndRoundTrips() throws {
        let api = try Self.api("website")
        let old: JSONValue = ["apiVersion": "demo.orkestra.io/v1alpha1", "kind": "Website",
                              "metadata": ["name": "blog", "namespace": "team-a", "labels": ["a": "b"]],
                              "spec": ["title": "Hello", "image": "nginx:1.27", "replicas": 2], "status": ["phase": "Running"]]
        let up = try answer(api, "/convert", Self.conversionReview("demo.orkestra.io/v1", [old]))
        #expect(up["response"]?["result"]?["status"] == "Success")
        let converted = try #require(up["response"]?["convertedObjects"]?[0])
        #expect(converted["apiVersion"] == "demo.orkestra.io/v1")
        #expect(converted.value(atDotted: "spec.site.title") == "Hello")
        #expect(converted.value(atDotted: "spec.title") == nil)
        #expect(converted.value(atDotted: "spec.image") == "nginx:1.27", "fields the path does not mention are kept")
        #expect(converted.value(atDotted: "status.phase") == "Running")
        let down = try answer(api, "/convert", Self.conversionReview("demo.orkestra.io/v1alpha1", [converted]))
        #expect(down["response"]?["convertedObjects"]?[0] == old, "round trip")
    }

    @Test func undeclaredConversionFailsWithTheYAMLToAdd() throws {
        let api = try Self.api("website")
        let object: JSONValue = ["apiVersion": "demo.orkestra.io/v1", "kind": "Website", "metadata": ["name": "blog"], "spec": [:]]
        let review = try answer(api, "/convert", Self.conversionReview("demo.orkestra.io/v2", [object]))
        #expect(review["response"]?["result"]?["status"] == "Failure")
        let message = review["response"]?["result"]?["message"]?.stringValue ?? ""
        #expect(message.contains("no conversion path from v1 to v2") && message.contains("- from: v1\n        to: v2"), "\(message)")
        let (crds, _) = api.fleet.stats.snapshot()
        #expect(crds["website"]?.conversion.failed == 1)
    }

    @Test func deletionProtection() throws {
        let api = try Self.api("platform")
        let labelled: JSONValue = ["metadata": ["name": "db", "namespace": "team-a",
                                                "labels": [.init(stringLiteral: GatewayNames.protectionLabel): "true"]]]
        func decide(_ body: [UInt8]) throws -> JSONValue? { try answer(api, "/deletion-protection", body)["response"] }
        let deleteLabelled = try decide(Self.admission("DELETE", group: "apps", version: "v1", resource: "deployments",
                                                       kind: "Deployment", name: "db", object: nil, oldObject: labelled))
        #expect(deleteLabelled?["allowed"] == false && deleteLabelled?["status"]?["code"] == 403)
        #expect(deleteLabelled?["status"]?["message"]?.stringValue?.hasPrefix("[Orkestra Security] Deployment team-a/db") == true)
        let deletePlain = try decide(Self.admission("DELETE", group: "apps", version: "v1", resource: "deployments",
                                                    kind: "Deployment", name: "x", object: nil, oldObject: ["metadata": ["name": "x"]]))
        #expect(deletePlain?["allowed"] == true)
        let crd = try decide(Self.admission("DELETE", group: "apiextensions.k8s.io", version: "v1",
                                            resource: "customresourcedefinitions", kind: "CustomResourceDefinition",
                                            name: "databases.platform.orkestra.io", namespace: nil, object: nil))
        #expect(crd?["allowed"] == false)
        let otherCRD = try decide(Self.admission("DELETE", group: "apiextensions.k8s.io", version: "v1",
                                                 resource: "customresourcedefinitions", kind: "CustomResourceDefinition",
                                                 name: "foos.example.com", namespace: nil, object: nil))
        #expect(otherCRD?["allowed"] == true)
        let own = try decide(Self.admission("DELETE", group: "admissionregistration.k8s.io", version: "v1",
                                            resource: "validatingwebhookconfigurations", kind: "ValidatingWebhookConfiguration",
                                            name: GatewayNames.protectionConfiguration, namespace: nil, object: nil))
        #expect(own?["allowed"] == false)
        let update = try decide(Self.admission("UPDATE", group: "apps", version: "v1", resource: "deployments", kind: "Deployment",
                                               name: "db", object: ["metadata": ["name": "db"]], oldObject: labelled))
        #expect(update?["allowed"] == true, "strict mode is off in examples/platform")
        let (crds, infra) = api.fleet.stats.snapshot()
        #expect(crds["database"]?.deletionProtection.denied == 1, "the Katalog's CRD counts for its entry")
        #expect(infra.denied == 2 && infra.allowed == 2)
    }

    @Test func strictModeDeniesRemovingTheLabelUnlessExempt() throws {
        let api = try Self.api("platform")
        let protection = DeletionProtectionWebhook(index: api.fleet.index, stats: api.fleet.stats, strictMode: true)
        let labelled: JSONValue = ["metadata": ["name": "db", "labels": [.init(stringLiteral: GatewayNames.protectionLabel): "true"]]]
        func review(_ new: JSONValue) throws -> AdmissionResponse {
            let body = Self.admission("UPDATE", group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", name: "db",
                                      object: new, oldObject: labelled)
            return protection.review(try AdmissionRequest(review: try JSONValue.parse(bytes: body)))
        }
        #expect(try review(["metadata": ["name": "db"]]).allowed == false)
        #expect(try review(["metadata": ["name": "db", "labels": [.init(stringLiteral: GatewayNames.strictModeExemptLabel): "true"]]])
            .allowed == true)
        #expect(try review(labelled).allowed == true)
    }
}

/// A fleet without peers.
struct NoPeers: PeerFetcher {
    func podStats(_ peer: Peer) async -> Result<JSONValue, PeerError> { .failure(PeerError("no peers in this test")) }
}
