import Foundation
import OrkGateway
import OrkHTTPServer
import OrkRuntime
import OrkSandbox
import OrkTestSupport

/// Random requests for one server, from a seed: methods, known and mangled paths (percent-encoded
/// bytes, `%00`, raw NUL, 64 KiB segments), headers (sometimes 1 MiB, sometimes too many), bodies
/// (garbage, deep and wide JSON and YAML, near-valid reviews), chunked or not. `overLimit` marks
/// requests a limit may end by closing the connection.
struct FuzzRequest: Sendable {
    var request: RawRequest
    var overLimit: Bool
    var summary: String
}

struct RequestGenerator {
    var rng: SplitMix64
    let kind: ServerKind

    init(kind: ServerKind, seed: UInt64) {
        self.kind = kind
        self.rng = SplitMix64(state: seed)
    }

    var knownPaths: [String] {
        switch kind {
        case .runtime:
            ["/healthz", "/readyz", "/livez", "/startup", "/metrics", "/katalog", "/katalog/website", "/katalog/website/health",
             "/katalog/website/cr", "/katalog/website/cr/ns/name", "/katalog/website/cr/ns/name/events", "/katalog/website/cr?limit=2&continue=x"]
        case .gatewayHTTP:
            ["/healthz", "/readyz", "/livez", "/metrics", "/katalog", "/katalog?scope=pod", "/katalog/website", "/notify"]
        case .gatewayHTTPS:
            ["/validate", "/mutate", "/convert", "/deletion-protection", "/validate/x", "/"]
        case .sandbox:
            ["/healthz", "/version", "/api", "/apis", "/api/v1", "/openapi/v2", "/api/v1/namespaces", "/api/v1/namespaces/default/configmaps",
             "/api/v1/namespaces/default/configmaps/cm", "/apis/apps/v1/namespaces/default/deployments", "/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1",
             "/api/v1/namespaces/default/configmaps?labelSelector=a%3Db&limit=1", "/_sandbox/faults"]
        }
    }

    mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }
    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) } }

    mutating func method() -> String {
        if chance(3) { return pick(["get", "FOO", "M-SEARCH", "GET\u{0}", "", "P OST", String(repeating: "X", count: 300)]) }
        return pick(["GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    }

    mutating func segment() -> (String, Bool) {
        switch int(0..<10) {
        case 0: return ("%00", false)
        case 1: return ((0..<int(1..<20)).map { _ in String(format: "%%%02X", int(0..<256)) }.joined(), false)
        case 2: return (String(repeating: pick(["a", "%41", "%2F"]), count: 65_536 / 3), true)
        case 3: return ("\u{0}", false)
        case 4: return ("..", false)
        case 5: return ("%", false)
        case 6: return ("ü€😀", false)
        case 7: return ("a b", false)
        default: return (pick(["x", "website", "default", "v1", "cr", "events", "123", "-"]), false)
        }
    }

    mutating func path() -> (String, Bool) {
        var path = pick(knownPaths)
        var over = false
        if chance(40) {
            for _ in 0..<int(1..<4) {
                let (segment, big) = self.segment()
                over = over || big
                path += "/" + segment
            }
        }
        if chance(10) { path += "?" + pick(["limit=-1", "limit=99999999999999999999", "continue=%ZZ", "scope=pod&scope=x", "a=%00", "&&&==", "watch=true"]) }
        if chance(3) { path = pick(["*", "http://evil/healthz", "healthz", "//", "/%2e%2e/%2e%2e/etc/passwd"]) }
        return (path, over)
    }

    mutating func body() -> [UInt8] {
        switch int(0..<12) {
        case 0: return []
        case 1: return bytes(int(1..<4096))
        case 2: return Array(String(repeating: "[", count: int(1..<200_000)).utf8)
        case 3: return Array(("[" + Array(repeating: "0", count: int(1..<100_000)).joined(separator: ",") + "]").utf8)
        case 4: return Array(("{" + (0..<int(1..<20_000)).map { "\"k\($0)\":0" }.joined(separator: ",") + "}").utf8)
        case 5: return Array(String(repeating: "- ", count: int(1..<50_000)).utf8)
        case 6: return Array((String(repeating: "{\"a\":", count: int(1..<5_000)) + "1").utf8)
        case 7: return Array(String(repeating: "a: &a [*a, *a]\n", count: int(1..<100)).utf8)
        case 8: return Array(#"{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"1","operation":"CREATE","kind":{"group":"demo.orkestra.io","version":"v1alpha1","kind":"Website"},"resource":{"group":"demo.orkestra.io","version":"v1alpha1","resource":"websites"},"name":"a","namespace":"n","object":{"apiVersion":"demo.orkestra.io/v1alpha1","kind":"Website","metadata":{"name":"a"},"spec":{"image":1e999}}}}"#.utf8)
        case 9: return Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"k":"v"}}"#.utf8)
        case 10: return Array(#"{"event": "x", "teams": ["platform"], "message": "\u0000\ud800"}"#.utf8)
        default: return Array("\u{FEFF}{\"a\":\"\u{0}\"}".utf8)
        }
    }

    mutating func next() -> FuzzRequest {
        let method = method()
        var (path, over) = path()
        var headers: [(String, String)] = []
        if chance(95) { headers.append(("Host", "127.0.0.1")) }
        if chance(70) {
            headers.append(("Content-Type", pick(["application/json", "application/yaml", "application/apply-patch+yaml",
                                                  "application/merge-patch+json", "application/json-patch+json", "text/plain", "json; x=\"", ""])))
        }
        if chance(2) {
            headers.append(("X-Huge", String(repeating: "h", count: 1 << 20)))
            over = true
        }
        if chance(2) {
            for index in 0..<200 { headers.append(("X-Many-\(index)", "v")) }
            over = true
        }
        if chance(3) { headers.append((pick(["Bad Name", "X\u{0}", ":authority", ""]), "v\r\nInjected: 1")) }
        let body = chance(60) ? body() : []
        let chunked = !body.isEmpty && chance(15)
        var declared = body.count
        if !body.isEmpty, chance(1) {
            declared = body.count + int(1..<1000)  // the server waits for bytes that never come
            over = true
        }
        if chunked {
            headers.append(("Transfer-Encoding", "chunked"))
        } else if !body.isEmpty || chance(20) {
            headers.append(("Content-Length", chance(2) ? pick(["-1", "abc", "99999999999999999999999"]) : String(declared)))
        }
        headers.append(("Connection", "close"))
        var head = "\(method) \(path) HTTP/1.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        var payload = body
        if chunked {
            payload = Array(String(body.count, radix: 16).utf8) + [13, 10] + body + Array("\r\n0\r\n\r\n".utf8)
        }
        let summary = "\(method.prefix(12)) \(path.prefix(60)) headers=\(headers.count) body=\(body.count)\(chunked ? " chunked" : "")"
        return FuzzRequest(request: RawRequest(head: Array(head.utf8), body: payload), overLimit: over, summary: summary)
    }
}
