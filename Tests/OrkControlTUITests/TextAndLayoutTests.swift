import OrkAPI
import Foundation
import OrkControlTUI
import Testing

/// The pure pieces under the views: width, sanitizing, truncation, the cell buffer, column
/// layout, tree prefixes, formats, URLs and durations.
@Suite struct TextAndLayoutTests {
    @Test func controlCharactersFromTheNetworkAreNeutralized() {
        let hostile = "ok\u{1B}[2J\u{1B}]52;c;AAAA\u{07}\nnext\u{9B}"
        let clean = TextWidth.sanitize(hostile)
        #expect(!clean.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(clean == "ok?[2J?]52;c;AAAA? next?")
    }

    @Test func widthAndTruncation() {
        #expect(TextWidth.width("abc") == 3)
        #expect(TextWidth.width("日本") == 4)
        #expect(TextWidth.width("e\u{301}") == 1)
        #expect(TextWidth.truncate("website-operator", to: 8, ellipsis: "…") == "website…")
        #expect(TextWidth.truncate("日本語テキスト", to: 5, ellipsis: "~") == "日本~")
        #expect(TextWidth.fit("7", to: 4, right: true, ellipsis: "~") == "   7")
        #expect(TextWidth.truncate("abc", to: 0, ellipsis: "…") == "")
    }

    @Test func bufferClipsAndKeepsWideCharactersWhole() {
        var buffer = CellBuffer(columns: 6, rows: 2)
        #expect(buffer.put("ab日本語", row: 0, column: 0, style: .plain, limit: 6) == 6)
        #expect(buffer.text(row: 0) == "ab日本")
        #expect(buffer.put("日", row: 1, column: 5, style: .plain, limit: 5) == 0)  // half a wide char never drawn
        #expect(buffer.put("x", row: 9, column: 0, style: .plain, limit: 1) == 0)
        #expect(buffer.put("x", row: 0, column: -1, style: .plain, limit: 1) == 0)
    }

    @Test func columnsDropByPriorityAndFlexTakesTheRest() {
        let columns = [Column("A", width: 10, priority: 100), Column("B", width: 10, flexible: true, priority: 90),
                       Column("C", width: 10, priority: 10), Column("D", width: 10, priority: 50)]
        let wide = ColumnLayout.place(columns, width: 60)
        #expect(wide.map(\.index) == [0, 1, 2, 3])
        #expect(wide[1].width == 10 + 60 - 43)
        let narrow = ColumnLayout.place(columns, width: 32)
        #expect(narrow.map(\.index) == [0, 1, 3])
        let tiny = ColumnLayout.place(columns, width: 12)
        #expect(tiny.map(\.index) == [0])
    }

    @Test func spareWidthGoesFirstToWhatContentLacks() {
        // NAME's content fits its 14 columns; ENDPOINT's `namespace/pod` needs 47: with 60 spare
        // columns ENDPOINT gets its 32 first, the remaining 28 are shared equally.
        let columns = [Column("NAME", width: 14, flexible: true), Column("ENDPOINT", width: 15, flexible: true),
                       Column("ROLE", width: 7)]
        let used = 14 + 15 + 7 + 2
        let ample = ColumnLayout.place(columns, width: used + 60, wanted: [8, 47, 0])
        #expect(ample.map(\.width) == [14 + 14, 47 + 14, 7])
        // Not enough for both (20 and 10 lacking, 15 spare): neither more than an equal share.
        let short = ColumnLayout.place(columns, width: used + 15, wanted: [34, 25, 0])
        #expect(short.map(\.width) == [14 + 8, 15 + 7, 7])
        // A small lack is met in full next to a huge one (a 300-character reason).
        let small = ColumnLayout.place(columns, width: used + 40, wanted: [20, 300, 0])
        #expect(small.map(\.width) == [14 + 6, 15 + 34, 7])
        // A hostile cell as wide as memory allows is capped at the screen.
        let hostile = ColumnLayout.place(columns, width: used + 10, wanted: [Int.max, 0, Int.max])
        #expect(hostile.map(\.width) == [24, 15, 7])
        // The table measures only flexible columns, and not the cells merged into a spanning tail.
        let table = Table(columns: columns, rows: [
            Row(key: "a", cells: [[Span("platform")], [Span("orkestra-chart/orkestra-runtime-1")], [Span("leader")]]),
            Row(key: "b", cells: [[Span("gateway orkestra-chart/orkestra-gateway-0 · 2 replicas · adm 3")]], spanFrom: 0),
        ], emptyText: "")
        #expect(table.contentWidths(upTo: 100) == [8, 33, 0])
        #expect(table.contentWidths(upTo: 20) == [8, 20, 0], "measured no further than the screen")
        #expect(TextWidth.width(String(repeating: "日", count: 100_000), upTo: 30) == 30)
        #expect(TextWidth.width("e\u{301}\u{200B}x", upTo: 30) == 2, "a mark and a zero-width space take no column")
        #expect(TextWidth.width("plain", upTo: 30) == 5)
    }

    @Test func childTreePrefixes() {
        func node(_ name: String, _ children: [ChildNode] = []) -> ChildNode {
            ChildNode(apiVersion: "v1", kind: "Pod", name: name, namespace: "ns", uid: "uid-" + name, ready: true, reason: nil, replicas: nil, children: children)
        }
        let tree = [node("a", [node("a1", [node("a1x")]), node("a2")]), node("b")]
        let utf8 = ChildTree.flatten(tree, glyphs: .utf8).map { $0.prefix + $0.node.name }
        #expect(utf8 == ["├─ a", "│  ├─ a1", "│  │  └─ a1x", "│  └─ a2", "└─ b"])
        let ascii = ChildTree.flatten(tree, glyphs: .ascii).map { $0.prefix + $0.node.name }
        #expect(ascii == ["|- a", "|  |- a1", "|  |  `- a1x", "|  `- a2", "`- b"])
    }

    @Test func formats() {
        #expect(Format.age(seconds: 42) == "42s")
        #expect(Format.age(seconds: 125) == "2m")
        #expect(Format.age(seconds: 7300) == "2h")
        #expect(Format.age(seconds: 200_000) == "2d")
        #expect(Format.age(seconds: nil) == "-")
        #expect(Format.percent(2.5) == "2.5%")
        #expect(Format.percent(60) == "60%")
        #expect(Format.milliseconds(0.25) == "0.3ms")
        #expect(Format.milliseconds(475) == "475ms")
        #expect(Format.milliseconds(2500) == "2.5s")
        #expect(Format.bar(3, of: 100, width: 5, glyphs: .ascii) == "#....")
        #expect(Format.bar(0, of: 0, width: 3, glyphs: .ascii) == "...")
        let samples = [HistorySample(state: .ok, latencyMs: 10), HistorySample(state: .down, latencyMs: nil),
                       HistorySample(state: .ok, latencyMs: 40)]
        #expect(Format.sparkline(samples, width: 5, glyphs: .utf8) == "  ▃·█")
        #expect(Format.hostPort("http://10.0.0.1:8080") == "10.0.0.1:8080")
    }

    @Test func urlsAreNormalizedOrRejectedWithAReason() throws {
        #expect(try EndpointURL.normalize("localhost:8080/") == "http://localhost:8080")
        #expect(try EndpointURL.normalize(" https://rt.example:443 ") == "https://rt.example:443")
        #expect(throws: ControlError.badURL("ftp://x", "the scheme must be http or https")) { try EndpointURL.normalize("ftp://x") }
        #expect(throws: ControlError.badURL("", "it is empty")) { try EndpointURL.normalize("") }
        #expect(throws: ControlError.badURL("http://x/?a=1", "a base URL has no query or fragment")) {
            try EndpointURL.normalize("http://x/?a=1")
        }
        #expect(EndpointURL.cr("http://rt", "web site", namespace: "a/b", name: "n?1") == "http://rt/katalog/web%20site/cr/a%2Fb/n%3F1")
        #expect(try ControlOptions.urls(["a:1,b:2", "a:1"]) == ["http://a:1", "http://b:2"])
    }

    @Test func sortKeysOrderNaturally() {
        let names = ["cr-10", "cr-9", "CR-1", "alpha", "cr-010a", "beta"]
        let sorted = names.map(SortKey.text).sorted()
        #expect(sorted == ["alpha", "beta", "CR-1", "cr-9", "cr-10", "cr-010a"].map(SortKey.text))
        #expect(SortKey.number(2) < SortKey.number(10))
        #expect(SortKey.number(99) < SortKey.text("a"))
    }

    @Test func durations() throws {
        #expect(try DurationText.seconds("5s") == 5)
        #expect(try DurationText.seconds("500ms") == 0.5)
        #expect(try DurationText.seconds("1m") == 60)
        #expect(try DurationText.seconds("2") == 2)
        #expect(throws: ControlError.self) { try DurationText.seconds("soon") }
        #expect(throws: ControlError.self) { try DurationText.seconds("0s") }
        #expect(throws: ControlError.self) { try DurationText.seconds("-1s") }
    }

    @Test func themeAndGlyphChoice() {
        let options = ControlOptions(runtimeURLs: [], gatewayURLs: [], poll: PollOptions(), once: nil, noColor: false, ascii: false)
        #expect(options.theme(environment: [:]) == .color)
        #expect(options.theme(environment: ["NO_COLOR": "1"]) == .mono)
        #expect(options.theme(environment: ["NO_COLOR": ""]) == .color)
        #expect(options.glyphs(codeset: "UTF-8") == .utf8)
        #expect(options.glyphs(codeset: "ANSI_X3.4-1968") == .ascii)
        var forced = options
        forced.ascii = true
        forced.noColor = true
        #expect(forced.glyphs(codeset: "UTF-8") == .ascii)
        #expect(forced.theme(environment: [:]) == .mono)
    }
}
