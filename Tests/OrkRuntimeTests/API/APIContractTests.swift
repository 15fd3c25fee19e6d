import Foundation
import OrkAPI
import OrkValue
import Testing
@testable import OrkRuntime

/// The golden answers (and so docs/api.md's examples) are the OrkAPI types: every JSON body decodes
/// as the type its path names and encodes back to the same bytes, so a key renamed in a type
/// breaks here, in the runtime's goldens and in the Control Center's tests alike.
@Suite struct APIContractTests {
    /// The type of a JSON answer to `path`: an error body when it reports one (any 4xx and the
    /// 5xx of a route that failed), else the route's own body (also for a probe's or a CRD
    /// health's 503).
    static func type(path: String, body: JSONValue) -> (any Codable.Type)? {
        if body["error"] != nil { return Answered<ErrorBody>.self }
        let route = path.split(separator: "?").first.map(String.init) ?? path
        switch APIRoute.parse(route) {
        case .liveness, .readiness, .startup: return Answered<ProbeStatus>.self
        case .katalog: return Answered<RuntimeKatalog>.self
        case .crd: return Answered<CRDDetail>.self
        case .crdHealth: return Answered<CRDHealthStatus>.self
        case .crList: return Answered<ResourceListPage>.self
        case .cr(_, let parts): return parts.last == "events" ? Answered<ResourceEvents>.self : Answered<ResourceDetail>.self
        case .metrics, nil: return nil
        }
    }

    static func roundTrip<T: Codable>(_ type: T.Type, _ body: String) throws -> String {
        let decoded = try DocumentDecoder.decode(T.self, from: JSONValue.parse(body))
        return try DocumentEncoder.encode(decoded).prettyPrinted() + "\n"
    }

    @Test func everyGoldenBodyIsItsTypeByteForByte() throws {
        let directory = GoldenFile.sourceDirectory + "/api"
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".txt") }.sorted()
        var checked = 0
        for name in names {
            let (head, body) = try DocsExampleTests.golden("api/" + name)
            let request = (head.first ?? "").split(separator: " ")
            guard request.count == 2, head.dropFirst().first?.contains("application/json") == true,
                  let type = Self.type(path: String(request[1]), body: try JSONValue.parse(body)) else { continue }
            let encoded = try Self.roundTrip(type, body)
            #expect(encoded == body, "\(name) is not \(type) byte for byte:\n\(GoldenFile.diff(body, encoded))")
            checked += 1
        }
        #expect(checked >= 40)
    }

    @Test func aRenamedKeyFailsToDecodeWithItsPath() throws {
        let (_, body) = try DocsExampleTests.golden("api/katalog.txt")
        let renamed = body.replacingOccurrences(of: "\"queueDepth\"", with: "\"queue_depth\"")
        #expect(throws: DocumentError(path: ["crds", "[0]", "queueDepth"], problem: .missing)) {
            try DocumentDecoder.decode(Answered<RuntimeKatalog>.self, from: JSONValue.parse(renamed))
        }
    }
}
