import Foundation
import OrkValue
import Testing
@testable import OrkRuntime

/// Every response of the runtime API, over real HTTP, against Golden/api/<name>.txt: the request
/// line, the status and content type, then the body. ORK_UPDATE_GOLDEN=1 rewrites them.
@Suite struct APIGoldenTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var method = "GET"
        var target: String
        var description: String { name }
    }

    static let page2 = ResourcePageToken(namespace: "shop", name: "beta").encoded

    /// Against ``FakeInspector/standard()`` (ready, leader).
    static let cases: [Case] = [
        Case(name: "healthz", target: "/healthz"),
        Case(name: "livez", target: "/livez"),
        Case(name: "health", target: "/health"),
        Case(name: "readyz", target: "/readyz"),
        Case(name: "ready", target: "/ready"),
        Case(name: "startup", target: "/startup"),
        Case(name: "katalog", target: "/katalog"),
        Case(name: "crd-website", target: "/katalog/website"),
        Case(name: "crd-database", target: "/katalog/database"),
        Case(name: "crd-tenant", target: "/katalog/tenant"),
        Case(name: "crd-cache", target: "/katalog/cache"),
        Case(name: "crd-unknown", target: "/katalog/nope"),
        Case(name: "health-website", target: "/katalog/website/health"),
        Case(name: "health-database", target: "/katalog/database/health"),
        Case(name: "health-tenant", target: "/katalog/tenant/health"),
        Case(name: "health-cache", target: "/katalog/cache/health"),
        Case(name: "health-unknown", target: "/katalog/nope/health"),
        Case(name: "cr-list-website", target: "/katalog/website/cr"),
        Case(name: "cr-list-website-page1", target: "/katalog/website/cr?limit=2"),
        Case(name: "cr-list-website-page2", target: "/katalog/website/cr?limit=2&continue=\(page2)"),
        Case(name: "cr-list-website-namespace", target: "/katalog/website/cr?namespace=web"),
        Case(name: "cr-list-website-bad-token", target: "/katalog/website/cr?continue=not-a-token"),
        Case(name: "cr-list-website-bad-limit", target: "/katalog/website/cr?limit=-1"),
        Case(name: "cr-list-tenant", target: "/katalog/tenant/cr"),
        Case(name: "cr-list-tenant-namespace", target: "/katalog/tenant/cr?namespace=shop"),
        Case(name: "cr-list-cache", target: "/katalog/cache/cr"),
        Case(name: "cr-list-unknown", target: "/katalog/nope/cr"),
        Case(name: "cr-website-alpha", target: "/katalog/website/cr/shop/alpha"),
        Case(name: "cr-website-beta", target: "/katalog/website/cr/shop/beta"),
        Case(name: "cr-website-missing", target: "/katalog/website/cr/shop/omega"),
        Case(name: "cr-website-wrong-shape", target: "/katalog/website/cr/alpha"),
        Case(name: "cr-tenant-acme", target: "/katalog/tenant/cr/acme"),
        Case(name: "cr-cache-any", target: "/katalog/cache/cr/shop/any"),
        Case(name: "events-website-alpha", target: "/katalog/website/cr/shop/alpha/events"),
        Case(name: "events-website-beta", target: "/katalog/website/cr/shop/beta/events"),
        Case(name: "events-website-missing", target: "/katalog/website/cr/shop/omega/events"),
        Case(name: "events-tenant-acme", target: "/katalog/tenant/cr/acme/events"),
        Case(name: "metrics", target: "/metrics"),
        Case(name: "not-found", target: "/nope"),
        Case(name: "not-found-deep", target: "/katalog/website/cr/shop/alpha/events/more"),
        Case(name: "method-not-allowed", method: "POST", target: "/katalog"),
        Case(name: "method-not-allowed-delete", method: "DELETE", target: "/katalog/website/cr/shop/alpha"),
    ]

    /// Against a starting follower (not ready, not the leader).
    static let startingCases: [Case] = [
        Case(name: "starting-readyz", target: "/readyz"),
        Case(name: "starting-startup", target: "/startup"),
        Case(name: "starting-healthz", target: "/healthz"),
        Case(name: "starting-katalog-follower", target: "/katalog"),
    ]

    static func render(_ testCase: Case, _ answer: APITestServer.Answer) -> String {
        var head = "\(testCase.method) \(testCase.target)\n\(answer.status) \(answer.contentType)\n"
        if let allow = answer.allow { head += "Allow: \(allow)\n" }
        return head + "\n" + answer.body
    }

    @Test func everyResponseMatchesItsGoldenFile() async throws {
        try await APITestServer.with(FakeInspector.standard()) { server in
            for testCase in Self.cases {
                let answer = try await server.request(testCase.method, testCase.target)
                try GoldenFile.check(Self.render(testCase, answer), "api/\(testCase.name).txt")
            }
        }
        try await APITestServer.with(FakeInspector.standard(ready: false, leader: false)) { server in
            for testCase in Self.startingCases {
                let answer = try await server.request(testCase.method, testCase.target)
                try GoldenFile.check(Self.render(testCase, answer), "api/\(testCase.name).txt")
            }
        }
    }

    @Test func everyJSONBodyParsesAndNamesPodAndLeader() async throws {
        try await APITestServer.with(FakeInspector.standard()) { server in
            for testCase in Self.cases where testCase.name != "metrics" {
                let answer = try await server.request(testCase.method, testCase.target)
                #expect(answer.contentType == "application/json", "\(testCase.name)")
                let body = try #require(answer.json, "\(testCase.name) is not JSON")
                #expect(body["pod"]?["name"]?.stringValue == "orkestra-runtime-7c9d8-x2k4p", "\(testCase.name)")
                #expect(body["leader"]?["isLeader"]?.boolValue == true, "\(testCase.name)")
            }
        }
    }
}
