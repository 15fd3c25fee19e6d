import Testing
@testable import OrkValue

/// The expanded-bytes budget (aliases charged by the size of what they name, as keys too):
/// hostile input is refused early, counted in lines read rather than time.
@Suite(.timeLimit(.minutes(2)))
struct YAMLExpansionLimitTests {
    func error(_ text: String) -> YAMLSyntaxError? { yamlRefusal(text) }

    static func bigAnchor(bytes: Int) -> String {
        "k: &k " + String(repeating: "x", count: bytes) + "\n"
    }

    /// `- *k : 1` 230,000 times after a 1 MiB anchored scalar: the keys were free, and comparing them
    /// hashed about 230 GiB. Now each key is charged 1 MiB and the budget (4 × 3.1 MB + 32 MiB) runs
    /// out at the 44th alias, on line 46.
    @Test func aLargeAliasUsedAsKeyIsChargedItsBytes() throws {
        let text = Self.bigAnchor(bytes: 1 << 20) + "l:\n" + String(repeating: "- *k : 1\n", count: 230_000)
        let refusal = try #require(error(text))
        #expect(refusal.limit == .expandedBytes)
        #expect(refusal.message.contains("expands to more than"))
        let limit = YAMLReader.maxExpandedBytes(inputBytes: text.utf8.count)
        let aliasesAllowed = limit / ((1 << 20) + 1)
        #expect(refusal.position.line <= aliasesAllowed + 3, "refused on line \(refusal.position.line)")
        #expect(refusal.position.line < 60)
    }

    /// A smaller version that the old node-count budget accepted (3,000 keys of 64 KiB: 6,000 nodes).
    @Test func aliasKeysCountTowardTheBudget() throws {
        let text = Self.bigAnchor(bytes: 64 << 10) + "l:\n" + String(repeating: "- *k : 1\n", count: 3_000)
        let refusal = try #require(error(text))
        #expect(refusal.limit == .expandedBytes)
        #expect(refusal.position.line < 600, "refused on line \(refusal.position.line)")
    }

    /// 600,000 values naming a 1 MiB scalar would serialise to 600 GiB; refused after about 40.
    @Test func aLargeAliasUsedAsValueIsChargedItsBytes() throws {
        let text = Self.bigAnchor(bytes: 1 << 20) + "l: [" + Array(repeating: "*k", count: 600_000).joined(separator: ", ") + "]\n"
        let refusal = try #require(error(text))
        #expect(refusal.limit == .expandedBytes)
        #expect(refusal.position.line == 2)
        #expect(refusal.position.column < 60 * 4, "refused at column \(refusal.position.column)")
    }

    /// A collection alias is charged its whole expanded size.
    @Test func collectionAliasesAreChargedTheirExpandedBytes() throws {
        let item = String(repeating: "y", count: 1_000)
        let text = "d: &d [" + Array(repeating: item, count: 1_000).joined(separator: ", ") + "]\n"
            + "l: [" + Array(repeating: "*d", count: 100).joined(separator: ", ") + "]\n"
        let refusal = try #require(error(text))
        #expect(refusal.limit == .expandedBytes)
    }

    /// Ordinary anchors: defaults merged into many objects, aliases as keys and values, stay accepted.
    @Test func ordinaryAnchorsAndAliasesStillWork() throws {
        var text = "defaults: &defaults {image: \"registry.example/app:1.2.3\", pullPolicy: IfNotPresent, replicas: 3}\n"
            + "name: &name web\nobjects:\n"
        for index in 0..<5_000 {
            text += "  - {<<: *defaults, id: \(index), *name : yes}\n"
        }
        let documents = try YAMLReader.documents(text, file: "t.yaml")
        let objects = try #require(documents.first?.pairs?.first { $0.key == "objects" }?.value.items)
        #expect(objects.count == 5_000)
        #expect(objects.last?.pairs?.map(\.key).sorted() == ["id", "image", "pullPolicy", "replicas", "web"])
    }

    /// A stream of many plain manifests without aliases uses a fraction of the budget.
    @Test func manifestsWithoutAliasesStayFarBelowTheBudget() throws {
        let manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: "a\\L\\L\\L\\L", labels: {app: a, tier: [b, c, d, e, f, g]}}
            spec:
              template:
                spec:
                  containers:
                    - {name: a, image: "b", args: [x, y, z, "", '', {}, []]}

            """
        let text = String(repeating: "---\n" + manifest, count: 20_000)
        var composer = try YAMLComposer(text: text, file: "t.yaml")
        #expect(try composer.documents().count == 20_000)
        #expect(composer.expandedBytes < 3 * text.utf8.count, "\(composer.expandedBytes) of \(text.utf8.count)")
    }

    /// Every refusal for a bound says which: deep flow and block nesting are `.depth`, alias bombs `.nodes`.
    @Test func refusalsForBoundsAreTyped() throws {
        #expect(error(String(repeating: "[", count: 300))?.limit == .depth)
        var block = ""
        for level in 0..<300 { block += String(repeating: " ", count: level) + "k:\n" }
        #expect(error(block)?.limit == .depth)
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...12 {
            bomb += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect(error(bomb)?.limit == .nodes)
        #expect(error("a: [b\n")?.limit == nil)
    }
}
