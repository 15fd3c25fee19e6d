import Foundation
import OrkAPI
import OrkKatalog
import OrkValue
import OrkKube
import OrkSandbox
import Testing
@testable import OrkRuntime

/// The CR detail and events endpoints over HTTP with an inspector that reads the child tree and
/// events live from the sandbox through ChildTreeReader and EventReader, as the runtime does.
@Suite struct SandboxAPITests {
    struct LiveInspector: RuntimeInspector {
        var base: FakeInspector
        var tree: ChildTreeReader
        var eventReader: EventReader

        var katalog: Katalog { base.katalog }
        var metrics: RuntimeMetrics { base.metrics }
        func snapshot() -> RuntimeSnapshot { base.snapshot() }
        func customResources(crd: String) -> [JSONValue]? { base.customResources(crd: crd) }
        func customResource(crd: String, namespace: String?, name: String) -> JSONValue? {
            base.customResource(crd: crd, namespace: namespace, name: name)
        }
        func childTree(crd: String, customResource: JSONValue) async throws -> [ChildTreeNode] {
            try await tree.tree(ownerUID: customResource.value(atDotted: "metadata.uid")?.stringValue ?? "",
                                namespace: customResource.value(atDotted: "metadata.namespace")?.stringValue)
        }
        func events(crd: String, customResource: JSONValue) async throws -> [ResourceEvents.Event] {
            try await eventReader.events(of: customResource)
        }
    }

    @Test func crDetailShowsTheLiveTreeAndEvents() async throws {
        try await SandboxCluster.run { cluster in
            try await ChildTreeReaderTests.populate(cluster)
            try await cluster.create(SandboxCluster.events, EventReaderTests.event("live.1", uid: ChildTreeReaderTests.crUID,
                                                                                    reason: "Created", extra: ["lastTimestamp": "2026-05-29T15:00:00Z"]))
            var base = FakeInspector.standard()
            base.resources["website"] = [Fixtures.cr("Website", namespace: cluster.namespace, name: "live",
                                                     uid: ChildTreeReaderTests.crUID, created: "2026-05-29T15:00:00Z",
                                                     generation: 1, status: nil)]
            let inspector = LiveInspector(
                base: base,
                tree: ChildTreeReader(client: cluster.client, resources: [SandboxCluster.deployments, SandboxCluster.configMaps]),
                eventReader: EventReader(client: cluster.client))
            try await APITestServer.with(inspector) { server in
                let detail = try await server.get("/katalog/website/cr/\(cluster.namespace)/live")
                #expect(detail.status == 200)
                let body = try #require(detail.json)
                #expect(body["childrenError"] == .null)
                let children = body["children"]?.arrayValue ?? []
                #expect(children.compactMap { $0["kind"]?.stringValue } == ["ConfigMap", "Deployment"])
                let deployment = try #require(children.last)
                #expect(deployment["replicas"] == ["ready": 1, "desired": 2])
                #expect(deployment["reason"]?.stringValue == "1/2 ready")
                let replicaSets = deployment["children"]?.arrayValue ?? []
                #expect(replicaSets.compactMap { $0["name"]?.stringValue } == ["web-5d4f8", "web-77aa1"])
                #expect(replicaSets.first?["children"]?.arrayValue?.compactMap { $0["reason"]?.stringValue }
                    == ["Running", "ImagePullBackOff"])
                #expect(body["eventsEndpoint"]?.stringValue == "/katalog/website/cr/\(cluster.namespace)/live/events")

                let events = try await server.get("/katalog/website/cr/\(cluster.namespace)/live/events")
                #expect(events.status == 200)
                #expect(events.json?["total"]?.intValue == 1)
                #expect(events.json?["events"]?[0]?["lastSeen"]?.stringValue == "2026-05-29T15:00:00Z")
            }
        }
    }
}
