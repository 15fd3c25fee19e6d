import Foundation
import OrkControlTUI
import OrkValue
import Testing

/// A body that is not the contract is reported with the JSON path and the reason, through the
/// poller's real decode path, on the endpoint's row and in the error log.
@Suite struct DecodeErrorTests {
    /// `seed` with the JSON text `raw` at `path` (`nil` removes the field).
    static func body(_ seed: [UInt8], _ path: [String], raw: String?) throws -> [UInt8] {
        let json = try JSONValue.parse(bytes: seed)
        guard let raw else {
            let parent = try #require(json.value(at: path.dropLast()))
            guard case .object(var fields) = parent, let last = path.last else { throw TestFailure("no object at \(path)") }
            fields.removeValue(forKey: last)
            return Array(try #require(json.setting(.object(fields), at: path.dropLast()[...])).serialized().utf8)
        }
        let marked = try #require(json.setting(.string("@@RAW@@"), at: path[...]))
        return Array(marked.serialized().replacingOccurrences(of: "\"@@RAW@@\"", with: raw).utf8)
    }

    /// The DOWN detail of a runtime answering `body`, checked against its error log entry.
    static func runtimeDetail(_ body: [UInt8]) async throws -> String? {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog", .success(body))
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.pollFleet()
        let state = await poller.state
        let health = try #require(state.runtime("http://rt")).health
        guard health.state == .down else { return nil }
        #expect(health.reason == "bad JSON")
        #expect(state.errors.first { $0.url == "http://rt" }?.detail == health.detail)
        return health.detail
    }

    static func katalog(_ path: [String], raw: String?) async throws -> String? {
        try await runtimeDetail(body(TestFiles.runtime("katalog"), path, raw: raw))
    }

    @Test func numbersOutOfRangeNameTheField() async throws {
        let queueDepth = ["crds", "0", "queueDepth"]
        #expect(try await Self.katalog(queueDepth, raw: "1e300") == "number out of range at crds[0].queueDepth (1e+300)")
        #expect(try await Self.katalog(queueDepth, raw: "-1e300") == "number out of range at crds[0].queueDepth (-1e+300)")
        #expect(try await Self.katalog(queueDepth, raw: "9223372036854775808")
            == "number out of range at crds[0].queueDepth (9.223372036854776e+18)")
        #expect(try await Self.katalog(queueDepth, raw: "-10000000000000000000")
            == "number out of range at crds[0].queueDepth (-1e+19)")
        #expect(try await Self.katalog(["crds", "1", "errorRate"], raw: "1e999") == "number out of range at crds[1].errorRate (infinity)")
        #expect(try await Self.katalog(["statusCounts", "healthy"], raw: "123456789012345678901234567890")
            == "number out of range at statusCounts.healthy (1.2345678901234568e+29)")
    }

    @Test func extremesThatFitAreAccepted() async throws {
        let queueDepth = ["crds", "0", "queueDepth"]
        for raw in ["9223372036854775807", "-9223372036854775808", "1.0", "1e2", "-0", "0"] {
            #expect(try await Self.katalog(queueDepth, raw: raw) == nil, "\(raw)")
        }
        #expect(try await Self.katalog(["crds", "0", "errorRate"], raw: "1e300") == nil)
        #expect(try await Self.katalog(["crds", "0", "errorRate"], raw: "-1e-320") == nil)
    }

    @Test func wrongTypesAndMissingFieldsNameTheField() async throws {
        let queueDepth = ["crds", "0", "queueDepth"]
        #expect(try await Self.katalog(queueDepth, raw: "1.5") == "expected an integer at crds[0].queueDepth, found 1.5")
        #expect(try await Self.katalog(queueDepth, raw: "\"7\"") == "expected an integer at crds[0].queueDepth, found a string")
        #expect(try await Self.katalog(queueDepth, raw: "null") == "expected an integer at crds[0].queueDepth, found null")
        #expect(try await Self.katalog(queueDepth, raw: nil) == "missing field at crds[0].queueDepth")
        #expect(try await Self.katalog(["crds", "2", "name"], raw: "[]") == "expected a string at crds[2].name, found an array")
        #expect(try await Self.katalog(["crds"], raw: "{}") == "expected an array at crds, found an object")
        #expect(try await Self.katalog(["leader", "isLeader"], raw: "1") == "expected a boolean at leader.isLeader, found a number")
        #expect(try await Self.katalog(["pod"], raw: "\"x\"") == "expected an object at pod, found a string")
        #expect(try await Self.runtimeDetail(Array("[1, 2]".utf8)) == "expected an object at the document, found an array")
        // An optional field may be null, never of the wrong type.
        #expect(try await Self.katalog(["crds", "0", "stateReason"], raw: "null") == nil)
        #expect(try await Self.katalog(["crds", "0", "stateReason"], raw: "false") == "expected a string at crds[0].stateReason, found a boolean")
    }

    @Test func bodiesThatAreNotJSONNameTheByte() async throws {
        #expect(try await Self.runtimeDetail(Array("<html>".utf8)) == "invalid JSON at byte 0: unexpected character '<'")
        #expect(try await Self.runtimeDetail([]) == "invalid JSON at byte 0: unexpected end of input")
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try await Self.runtimeDetail(Array(deep.utf8)) == "invalid JSON at byte 65: nesting deeper than 64 levels")
    }

    @Test func gatewayDocumentsNameTheReplica() async throws {
        let fetcher = FakeFetcher()
        let body = try Self.body(TestFiles.gateway("katalog"), ["replicas", "1", "pod", "name"], raw: "5")
        fetcher.set("http://gw/katalog", .success(body))
        let poller = Poller(runtimeURLs: [], gatewayURLs: ["http://gw"], fetcher: fetcher, options: PollOptions())
        await poller.pollFleet()
        let gateway = try #require(await poller.state.gateways.first)
        #expect(gateway.health.detail == "expected a string at replicas[1].pod.name, found a number")
        // A detail document's error reaches its view.
        let request = FocusRequest.gatewayCRD(gateway: "http://gw", crd: "website")
        let stats = try Self.body(TestFiles.gateway("katalog_website"), ["replicas", "0", "stats", "validation", "allowed"], raw: "1e300")
        fetcher.set("http://gw/katalog/website", .success(stats))
        await poller.setFocus([request])
        await poller.pollFocus()
        #expect(await poller.state.gatewayCRDs[request.key]?.error
            == "number out of range at replicas[0].stats.validation.allowed (1e+300)")
    }

    /// The reason is on the runtime's row in the Control Center, not only in the log.
    @Test func theRowShowsThePath() async throws {
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog", .success(try Self.body(TestFiles.runtime("katalog"), ["crds", "0", "queueDepth"], raw: "1e300")))
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.pollFleet()
        let text = OnceText.render(await poller.state, now: Scenario.start, glyphs: .ascii, columns: 160, refreshSeconds: 5)
        #expect(text.contains("DOWN bad JSON: number out of range at crds[0].queueDepth (1e+300)"), "\(text)")
    }
}
