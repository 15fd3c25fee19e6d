import Foundation
import OrkValue
import Testing
@testable import OrkRuntime

/// `/katalog/{crd}/cr` paging: limit and continue walk every CR exactly once, in order; bad
/// tokens and limits are 400s.
@Suite struct APIPagingTests {
    static func inspector(count: Int) -> FakeInspector {
        var inspector = FakeInspector.standard()
        inspector.resources["website"] = (0..<count).reversed().map { index in
            Fixtures.cr("Website", namespace: index % 3 == 0 ? "blue" : "green", name: String(format: "site-%04d", index),
                        uid: "uid-\(index)", created: "2026-05-29T15:00:00Z", generation: 1, status: nil)
        }
        return inspector
    }

    static func api(_ inspector: FakeInspector) -> RuntimeAPI {
        RuntimeAPI(inspector: inspector, now: { FakeInspector.now })
    }

    /// Follows `continue` from the first page; returns every item's `namespace/name` and the pages' sizes.
    static func walk(_ api: RuntimeAPI, query: String) async throws -> (keys: [String], pages: [Int]) {
        var keys: [String] = []
        var pages: [Int] = []
        var token: String?
        repeat {
            let suffix = token.map { "&continue=\($0)" } ?? ""
            let response = await api.respond(method: "GET", path: "/katalog/website/cr", query: query + suffix)
            try #require(response.status == 200, "\(response.body)")
            let body = try JSONValue.parse(response.body)
            let items = body["items"]?.arrayValue ?? []
            pages.append(items.count)
            keys += items.map { "\($0["namespace"]?.stringValue ?? "")/\($0["name"]?.stringValue ?? "")" }
            token = body["continue"]?.stringValue
            try #require(pages.count < 100, "paging does not end")
        } while token != nil
        return (keys, pages)
    }

    @Test func pagesCoverEveryItemOnceInOrder() async throws {
        let api = Self.api(Self.inspector(count: 23))
        let (keys, pages) = try await Self.walk(api, query: "limit=5")
        #expect(pages == [5, 5, 5, 5, 3])
        #expect(keys.count == 23)
        #expect(Set(keys).count == 23)
        #expect(keys == keys.sorted())
        #expect(keys.first?.hasPrefix("blue/") == true)
    }

    @Test func namespaceFilterPagesToo() async throws {
        let api = Self.api(Self.inspector(count: 23))
        let (keys, pages) = try await Self.walk(api, query: "limit=3&namespace=blue")
        #expect(keys.count == 8)
        #expect(pages == [3, 3, 2])
        #expect(keys.allSatisfy { $0.hasPrefix("blue/") })
    }

    @Test func exactMultipleEndsWithNullContinue() async throws {
        let api = Self.api(Self.inspector(count: 10))
        let (keys, pages) = try await Self.walk(api, query: "limit=5")
        #expect(pages == [5, 5])
        #expect(keys.count == 10)
    }

    @Test func defaultAndMaximumLimits() async throws {
        let api = Self.api(Self.inspector(count: 5_100))
        let first = await api.respond(method: "GET", path: "/katalog/website/cr", query: nil)
        #expect(try JSONValue.parse(first.body)["items"]?.arrayValue?.count == 500)
        let huge = await api.respond(method: "GET", path: "/katalog/website/cr", query: "limit=999999")
        let body = try JSONValue.parse(huge.body)
        #expect(body["items"]?.arrayValue?.count == 5_000)
        #expect(body["total"]?.intValue == 5_100)
        #expect(body["continue"]?.stringValue != nil)
    }

    @Test func itemsRemovedBetweenPagesAreNotSkippedOrRepeated() async throws {
        var inspector = Self.inspector(count: 9)
        let firstPage = await Self.api(inspector).respond(method: "GET", path: "/katalog/website/cr", query: "limit=4")
        let token = try #require(try JSONValue.parse(firstPage.body)["continue"]?.stringValue)
        // The first item of page one disappears before page two is read.
        inspector.resources["website"]?.removeAll { $0.value(atDotted: "metadata.name")?.stringValue == "site-0000" }
        let second = await Self.api(inspector).respond(method: "GET", path: "/katalog/website/cr", query: "limit=4&continue=\(token)")
        let names = try JSONValue.parse(second.body)["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        let firstNames = try JSONValue.parse(firstPage.body)["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(Set(names).isDisjoint(with: firstNames))
        #expect(names.count == 4)
    }

    @Test(arguments: ["garbage!", "e30", "WyJhIl0", "WyIiLCIiXQ", "%%%", "WyJzaG9wIiwxXQ", "A"])
    func badTokensAre400(_ token: String) async throws {
        let api = Self.api(FakeInspector.standard())
        let response = await api.respond(method: "GET", path: "/katalog/website/cr", query: "continue=\(token)")
        #expect(response.status == 400)
        #expect(try JSONValue.parse(response.body)["error"]?.stringValue?.contains("invalid continue token") == true)
    }

    @Test(arguments: ["0", "-3", "ten", "1.5", ""])
    func badLimitsAre400(_ limit: String) async throws {
        let api = Self.api(FakeInspector.standard())
        let response = await api.respond(method: "GET", path: "/katalog/website/cr", query: "limit=\(limit)")
        #expect(response.status == 400)
        #expect(try JSONValue.parse(response.body)["error"]?.stringValue?.contains("limit") == true)
    }

    @Test func tokensRoundTrip() throws {
        for (namespace, name) in [("shop", "alpha"), ("", "cluster-thing"), ("ns", "ünïcødé"), ("a/b", "c\"d")] {
            let token = ResourcePageToken(namespace: namespace, name: name)
            #expect(ResourcePageToken(decoding: token.encoded) == token)
            #expect(!token.encoded.contains("="))
        }
    }
}
