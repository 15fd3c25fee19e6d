import Foundation
import OrkKatalog
import OrkTemplate
import OrkValue
import Testing
@testable import OrkRuntime

/// Which mutated spec values are mirrored into status: only where the CRD's status schema keeps
/// them, never over a declared status field, never for templated or non-spec rule fields.
@Suite struct MutatedStatusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func website() throws -> CRDEntry {
        let katalog = try #require(KatalogLoader.load(file: "\(root)/examples/website/katalog.yaml").katalog)
        return try #require(katalog.crd("website"))
    }

    static func rule(_ field: String, _ value: JSONValue) -> MutationRule {
        MutationRule(field: field, value: value, mode: .default)
    }

    @Test func defaultsAreMirroredUnlessAStatusFieldOfThatPathIsDeclared() throws {
        var entry = try Self.website()
        entry.mutation.rules = [Self.rule("spec.replicas", 2), Self.rule("spec.port", 8080), Self.rule("spec.tls.issuer", "acme"),
                                Self.rule("{{ .spec.field }}", 1), Self.rule("metadata.labels.tier", "web"), Self.rule("spec.port", 9)]
        let mirrored = MutatedStatus(entry)
        // replicas is a declared status field; the templated and metadata rules and the second port are skipped.
        #expect(mirrored.mirrors == [.init(source: "spec.port", target: "port"), .init(source: "spec.tls.issuer", target: "tls.issuer")])
        let cr: JSONValue = ["spec": ["port": 8080, "replicas": 2]]
        let fields = mirrored.fields(of: cr)
        #expect(fields.count == 1 && fields.first?.path == "port" && fields.first?.value == .int(8080))
    }

    @Test func onlyPathsTheStatusSchemaKeeps() {
        let schema: JSONValue = ["properties": ["status": ["properties": [
            "phase": ["type": "string"], "limits": ["type": "object", "properties": ["rate": ["type": "integer"]]],
            "extra": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]]]
        #expect(MutatedStatus.statusSchemaKeeps(["phase"], in: schema))
        #expect(MutatedStatus.statusSchemaKeeps(["limits", "rate"], in: schema))
        #expect(MutatedStatus.statusSchemaKeeps(["extra", "anything", "deep"], in: schema))
        #expect(!MutatedStatus.statusSchemaKeeps(["tier"], in: schema))
        #expect(!MutatedStatus.statusSchemaKeeps(["limits", "burst"], in: schema))
        #expect(!MutatedStatus.statusSchemaKeeps(["phase"], in: ["properties": ["spec": ["type": "object"]]]))
    }

    @Test func nothingIsMirroredWithoutASchema() throws {
        var entry = try Self.website()
        entry.api.schemas = [:]
        entry.mutation.rules = [Self.rule("spec.port", 8080)]
        #expect(MutatedStatus(entry).mirrors.isEmpty)
    }
}
