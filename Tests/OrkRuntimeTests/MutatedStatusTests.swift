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

    @Test func aValueTheStatusSchemaWouldRefuseIsNotMirrored() throws {
        var entry = try Self.website()
        let schema: JSONValue = ["properties": ["status": ["type": "object", "properties": [
            "port": ["type": "integer"], "tier": ["type": "string"], "size": ["x-kubernetes-int-or-string": true],
            "ratio": ["type": "number"]]]]]
        entry.api.schemas = [entry.api.storageVersion: schema]
        entry.mutation.rules = [Self.rule("spec.port", 8080), Self.rule("spec.tier", "web"), Self.rule("spec.size", 1),
                                Self.rule("spec.ratio", 1)]
        let mirrored = MutatedStatus(entry)
        #expect(mirrored.mirrors.map(\.type) == ["integer", "string", "int-or-string", "number"])
        // A user set spec.port to a string and spec.tier to a number: those two are left out of status
        // (the status write would be refused with 422 at every reconcile); the others are written.
        let cr: JSONValue = ["spec": ["port": "8080", "tier": 3, "size": "10Gi", "ratio": 0.5]]
        let fields = mirrored.fields(of: cr)
        #expect(fields.map(\.path) == ["size", "ratio"])
        #expect(mirrored.fields(of: ["spec": ["port": 8080, "tier": "web", "size": 1, "ratio": 2]]).count == 4)
        #expect(mirrored.fields(of: ["spec": ["port": .null]]).isEmpty)
    }

    @Test func nothingIsMirroredWithoutASchema() throws {
        var entry = try Self.website()
        entry.api.schemas = [:]
        entry.mutation.rules = [Self.rule("spec.port", 8080)]
        #expect(MutatedStatus(entry).mirrors.isEmpty)
    }
}
