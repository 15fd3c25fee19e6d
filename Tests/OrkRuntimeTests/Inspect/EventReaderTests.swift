import Foundation
import OrkAPI
import OrkValue
import OrkKube
import OrkSandbox
import Testing
@testable import OrkRuntime

/// EventReader against the embedded sandbox: only the CR's events (by involvedObject.uid), mapped
/// to the API's event JSON, newest first whichever timestamp field dates them.
@Suite struct EventReaderTests {
    static let crUID = "7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d"

    static func event(_ name: String, uid: String = crUID, reason: String, type: String = "Normal",
                      extra: [String: JSONValue]) -> JSONValue {
        var event: [String: JSONValue] = [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": .string(name)], "type": .string(type),
            "reason": .string(reason), "message": .string("\(reason) happened"),
            "involvedObject": ["apiVersion": "demo.orkestra.io/v1", "kind": "Website", "name": "alpha",
                               "namespace": "ork-tree", "uid": .string(uid)],
        ]
        for (key, value) in extra { event[key] = value }
        return .object(event)
    }

    @Test func listsTheCRsEventsNewestFirst() async throws {
        try await SandboxCluster.run { cluster in
            let events = SandboxCluster.events
            try await cluster.create(events, Self.event("alpha.old", reason: "Created", extra: [
                "count": 1, "firstTimestamp": "2026-05-01T10:00:00Z", "lastTimestamp": "2026-05-01T10:00:00Z",
                "source": ["component": "orkestra"],
            ]))
            try await cluster.create(events, Self.event("alpha.new", reason: "ApplyFailed", type: "Warning", extra: [
                "count": 4, "firstTimestamp": "2026-05-02T09:00:00Z", "lastTimestamp": "2026-05-03T08:00:00Z",
                "source": ["component": "orkestra"],
            ]))
            try await cluster.create(events, Self.event("alpha.micro", reason: "Validated", extra: [
                "eventTime": "2026-05-02T12:00:00.250000Z", "reportingComponent": "orkestra-gateway",
                "reportingInstance": "gw-0", "action": "Validate",
            ]))
            try await cluster.create(events, Self.event("other.1", uid: "someone-else", reason: "Created", extra: [
                "lastTimestamp": "2026-05-04T00:00:00Z",
            ]))
            let reader = EventReader(client: cluster.client)
            let cr: JSONValue = ["metadata": ["name": "alpha", "namespace": .string(cluster.namespace), "uid": .string(Self.crUID)]]
            let listed = try await reader.events(of: cr)
            #expect(listed.map { $0.reason ?? "" } == ["ApplyFailed", "Validated", "Created"])
            #expect(listed.first == ResourceEvents.Event(
                type: "Warning", reason: "ApplyFailed", message: "ApplyFailed happened", source: "orkestra",
                object: "Website/alpha", count: 4, firstSeen: "2026-05-02T09:00:00Z", lastSeen: "2026-05-03T08:00:00Z"))
            let micro = try #require(listed.dropFirst().first)
            #expect(micro.source == "orkestra-gateway")
            #expect(micro.count == 1)
            #expect(micro.lastSeen == "2026-05-02T12:00:00Z")
            #expect(micro.firstSeen == "2026-05-02T12:00:00Z")
        }
    }

    @Test func noEventsIsEmpty() async throws {
        try await SandboxCluster.run { cluster in
            let listed = try await EventReader(client: cluster.client).events(uid: "nobody", namespace: cluster.namespace)
            #expect(listed.isEmpty)
        }
    }

    @Test func aFailingListThrows() async throws {
        try await SandboxCluster.run { cluster in
            await cluster.server.faults.add(.init(verb: "list", resource: "events", code: 403))
            await #expect(throws: KubeError.self) {
                try await EventReader(client: cluster.client).events(uid: Self.crUID, namespace: cluster.namespace)
            }
        }
    }

    @Test func seriesAndCreationTimestampDateEvents() {
        let series = Self.event("s", reason: "Series", extra: [
            "eventTime": "2026-05-01T00:00:00.000000Z",
            "series": ["count": 7, "lastObservedTime": "2026-05-05T00:00:00.000000Z"],
        ])
        let bare = Self.event("b", reason: "Bare", extra: [:]).setting("2026-05-03T00:00:00Z", at: ["metadata", "creationTimestamp"])
        let undated = Self.event("u", reason: "Undated", extra: [:])
        let sorted = EventJSON.newestFirst([undated, bare ?? .null, series])
        #expect(sorted.map { $0.reason ?? "" } == ["Series", "Bare", "Undated"])
        #expect(sorted.first?.count == 7)
        #expect(sorted.first?.lastSeen == "2026-05-05T00:00:00Z")
        #expect(sorted.first?.firstSeen == "2026-05-01T00:00:00Z")
        #expect(sorted.last?.lastSeen == nil)
        #expect(sorted.last?.source == nil)
    }
}
