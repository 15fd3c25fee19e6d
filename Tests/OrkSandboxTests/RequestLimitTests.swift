import Foundation
import OrkValue
import Testing
@testable import OrkSandbox

/// Hostile bodies and the fault-injection endpoint, over a real socket: bodies are bounded in size
/// (3 MiB, like kube-apiserver: 413) and in nesting before any parser runs (400), the server keeps
/// serving afterwards, and `/_sandbox/faults` answers only the holder of the sandbox's token.
@Suite(.serialized) struct RequestLimitTests {
    static let sixteenMiB = 16 * 1024 * 1024
    static let configMapsPath = "/api/v1/namespaces/default/configmaps"

    static func withServer(_ body: (SandboxServer, Int) async throws -> Void) async throws {
        let server = SandboxServer(store: try SandboxStore())
        try await server.start()
        let port = try #require(server.port)
        do {
            try await body(server, port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A GET that must work after each refusal: the server is alive and serving.
    static func expectServing(_ port: Int) async throws {
        let list = try await RawHTTPClient.exchange(port: port, method: "GET", path: configMapsPath)
        #expect(list.status == 200)
        #expect(try JSONValue.parse(bytes: list.body)["kind"] == "ConfigMapList")
    }

    static func expectStatus(_ answer: RawHTTPClient.Answer, _ code: Int, reason: String) throws {
        #expect(answer.status == code, "\(answer.text.prefix(300))")
        let status = try JSONValue.parse(bytes: answer.body)
        #expect(status["kind"] == "Status" && status["code"]?.intValue == code && status["reason"]?.stringValue == reason)
    }

    @Test func sixteenMiBOfOpenBracketsIsABadRequestAsApplyYAMLAndAsJSON() async throws {
        try await Self.withServer { _, port in
            let brackets = [UInt8](repeating: UInt8(ascii: "["), count: Self.sixteenMiB)
            let apply = try await RawHTTPClient.exchange(
                port: port, method: "PATCH", path: Self.configMapsPath + "/deep?fieldManager=test",
                headers: [("Content-Type", "application/apply-patch+yaml")], body: brackets)
            try Self.expectStatus(apply, 400, reason: "BadRequest")
            #expect(apply.text.contains("nests deeper than \(RequestBodyReader.maxNesting) levels"))
            try await Self.expectServing(port)

            let create = try await RawHTTPClient.exchange(port: port, method: "POST", path: Self.configMapsPath,
                                                          headers: [("Content-Type", "application/json")], body: brackets)
            try Self.expectStatus(create, 400, reason: "BadRequest")
            try await Self.expectServing(port)

            let objects = [UInt8](repeating: UInt8(ascii: "{"), count: Self.sixteenMiB)
            let merge = try await RawHTTPClient.exchange(port: port, method: "PATCH", path: Self.configMapsPath + "/deep",
                                                         headers: [("Content-Type", "application/merge-patch+json")], body: objects)
            try Self.expectStatus(merge, 400, reason: "BadRequest")
            try await Self.expectServing(port)
        }
    }

    @Test func deeplyNestedYAMLBlocksAreABadRequest() async throws {
        try await Self.withServer { _, port in
            // A mapping nested 400 levels by indentation, and sequences nested 2,000 levels by `- - - …`.
            var mapping = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n"
            for level in 1...400 { mapping += String(repeating: "  ", count: level) + "k:\n" }
            var sequences = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx:\n"
            sequences += String(repeating: "- ", count: 2_000) + "leaf\n"
            for body in [mapping, sequences] {
                let answer = try await RawHTTPClient.exchange(
                    port: port, method: "PATCH", path: Self.configMapsPath + "/deep?fieldManager=test",
                    headers: [("Content-Type", "application/apply-patch+yaml")], body: Array(body.utf8))
                try Self.expectStatus(answer, 400, reason: "BadRequest")
                try await Self.expectServing(port)
            }
        }
    }

    @Test func ordinaryYAMLAndJSONBodiesStillWork() async throws {
        try await Self.withServer { _, port in
            // Nested, commented, with brackets inside strings and block scalars: well within the bound.
            let yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: plain  # a comment with [[[[ brackets
                  annotations: {app: web, tier: "front[end"}
                data:
                  script: |
                    if [ -f x ]; then echo "[[["; fi
                  list: "[1, 2, [3]]"
                """
            let applied = try await RawHTTPClient.exchange(
                port: port, method: "PATCH", path: Self.configMapsPath + "/plain?fieldManager=test",
                headers: [("Content-Type", "application/apply-patch+yaml")], body: Array(yaml.utf8))
            #expect(applied.status == 201, "\(applied.text.prefix(300))")
            let object = try JSONValue.parse(bytes: applied.body)
            #expect(object.value(atDotted: "metadata.annotations.tier") == "front[end")
            #expect(object.value(atDotted: "data.list") == "[1, 2, [3]]")
            // JSON nested 150 levels deep in a string-heavy body (strings full of brackets do not count).
            var nested: JSONValue = .string(String(repeating: "[{", count: 1000))
            for _ in 0..<150 { nested = ["n": nested] }
            let json: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "json"],
                                   "data": ["k": .string(String(repeating: "]", count: 500))], "extra": nested]
            let created = try await RawHTTPClient.exchange(port: port, method: "POST", path: Self.configMapsPath,
                                                           headers: [("Content-Type", "application/json")],
                                                           body: Array(json.serialized().utf8))
            #expect(created.status == 201, "\(created.text.prefix(300))")
        }
    }

    @Test func bodiesOverThreeMiBAreTooLarge() async throws {
        try await Self.withServer { _, port in
            let big = Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"k":""#.utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: RequestBodyReader.maxBytes) + Array(#""}}"#.utf8)
            let answer = try await RawHTTPClient.exchange(port: port, method: "POST", path: Self.configMapsPath,
                                                          headers: [("Content-Type", "application/json")], body: big)
            try Self.expectStatus(answer, 413, reason: "RequestEntityTooLarge")
            #expect(answer.text.contains("limit is 3145728"))
            try await Self.expectServing(port)
            // Just under the limit is accepted (the store's own rules decide the rest).
            let fits: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "fits"],
                                   "data": ["k": .string(String(repeating: "x", count: 256 * 1024))]]
            let created = try await RawHTTPClient.exchange(port: port, method: "POST", path: Self.configMapsPath,
                                                           headers: [("Content-Type", "application/json")],
                                                           body: Array(fits.serialized().utf8))
            #expect(created.status == 201)
        }
    }

    @Test func theFaultsEndpointNeedsTheSandboxsToken() async throws {
        try await Self.withServer { server, port in
            let token = server.faults.token
            #expect(token.count == 64)
            #expect(server.kubeconfig().contains("token: \"\(token)\""))
            let other = SandboxServer(store: try SandboxStore())
            #expect(other.faults.token != token)  // one per server

            let rule = Array(#"{"errors":[{"verb":"list","resource":"configmaps","code":503,"count":1}]}"#.utf8)
            let json = ("Content-Type", "application/json")
            let anonymous = try await RawHTTPClient.exchange(port: port, method: "POST", path: "/_sandbox/faults",
                                                             headers: [json], body: rule)
            try Self.expectStatus(anonymous, 401, reason: "Unauthorized")
            let wrong = try await RawHTTPClient.exchange(port: port, method: "POST", path: "/_sandbox/faults",
                                                         headers: [json, ("Authorization", "Bearer " + String(token.reversed()))], body: rule)
            try Self.expectStatus(wrong, 401, reason: "Unauthorized")
            let basic = try await RawHTTPClient.exchange(port: port, method: "GET", path: "/_sandbox/faults",
                                                         headers: [("Authorization", "Basic " + token)])
            try Self.expectStatus(basic, 401, reason: "Unauthorized")
            #expect(await server.faults.rules.isEmpty)  // nothing refused was applied
            try await Self.expectServing(port)

            let authorized = try await RawHTTPClient.exchange(port: port, method: "POST", path: "/_sandbox/faults",
                                                              headers: [json, ("Authorization", "Bearer \(token)")], body: rule)
            #expect(authorized.status == 200)
            #expect(await server.faults.rules.count == 1)
            let failed = try await RawHTTPClient.exchange(port: port, method: "GET", path: Self.configMapsPath)
            #expect(failed.status == 503)
            try await Self.expectServing(port)  // the count is used up
        }
    }

    @Test func injected429sCarryRetryAfter() async throws {
        try await Self.withServer { server, port in
            await server.faults.add(.init(verb: "watch", resource: "configmaps", code: 429, count: 1, retryAfterSeconds: 7))
            let answer = try await RawHTTPClient.exchange(port: port, method: "GET", path: Self.configMapsPath + "?watch=true")
            try Self.expectStatus(answer, 429, reason: "TooManyRequests")
            #expect(answer.headers["retry-after"] == "7")
            #expect(try JSONValue.parse(bytes: answer.body).value(atDotted: "details.retryAfterSeconds") == 7)
        }
    }
}
