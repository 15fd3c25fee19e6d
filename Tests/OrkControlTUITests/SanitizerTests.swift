import Foundation
import OrkControlTUI
import OrkValue
import Testing

/// Text from the network on the screen: each character class the sanitizer handles, that the
/// screen buffer (the one way onto the screen and into `--once` text) applies it, that widths
/// agree with what is drawn, and that `--once --format json` escapes instead of dropping.
@Suite struct SanitizerTests {
    @Test func c0C1AndEscapeBecomeAQuestionMark() {
        #expect(TextWidth.sanitize("a\u{1B}[31mb") == "a?[31mb")
        #expect(TextWidth.sanitize("\u{0}\u{1}\u{7}\u{8}\u{1F}") == "?????")
        #expect(TextWidth.sanitize("del\u{7F}") == "del?")
        #expect(TextWidth.sanitize("csi\u{9B}2J osc\u{9D}st\u{9C}") == "csi?2J osc?st?")
        #expect(TextWidth.sanitize("\u{80}\u{9F}") == "??")
    }

    @Test func lineBreaksAndTabsBecomeOneSpace() {
        #expect(TextWidth.sanitize("a\tb\nc\rd") == "a b c d")
        #expect(TextWidth.sanitize("crlf\r\nend") == "crlf end")
        #expect(TextWidth.sanitize("vt\u{0B}ff\u{0C}nel\u{85}") == "vt ff nel ")
        #expect(TextWidth.sanitize("ls\u{2028}ps\u{2029}") == "ls ps ")
    }

    @Test func bidiControlsAreRemoved() {
        for scalar in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C] {
            let text = "abc" + String(Character(Unicode.Scalar(UInt32(scalar)) ?? " ")) + "def"
            #expect(TextWidth.sanitize(text) == "abcdef", "U+\(String(scalar, radix: 16))")
            #expect(TextWidth.width(text) == 6)
        }
        #expect(TextWidth.sanitize("invoice\u{202E}fdp.exe") == "invoicefdp.exe")
    }

    @Test func zeroWidthCharactersAreRemoved() {
        for scalar in [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xAD, 0xE0041] {
            let text = "ad" + String(Character(Unicode.Scalar(UInt32(scalar)) ?? " ")) + "min"
            #expect(TextWidth.sanitize(text) == "admin", "U+\(String(scalar, radix: 16))")
            #expect(TextWidth.width(text) == 5)
        }
    }

    @Test func combiningMarksAreCappedAndPrintableTextIsKept() {
        let zalgo = "e" + String(repeating: "\u{301}", count: 50)
        #expect(TextWidth.sanitize(zalgo) == "e" + String(repeating: "\u{301}", count: TextWidth.maximumMarks))
        #expect(TextWidth.width(zalgo) == 1)
        for kept in ["plain ASCII ~!@#", "naïve café", "日本語", "e\u{301}", "Ελληνικά", "עברית", "🙂", "\u{FFFD}"] {
            #expect(TextWidth.sanitize(kept) == kept)
        }
    }

    /// Every string reaching the screen buffer is sanitized there, whatever view put it.
    @Test func theScreenBufferSanitizesEverything() {
        var buffer = CellBuffer(columns: 40, rows: 1)
        let written = buffer.put("ok\u{1B}[2J\u{202E}rtl\u{200B}\nend", row: 0, column: 0, style: .plain, limit: 40)
        #expect(buffer.text(row: 0).trimmingCharacters(in: .whitespaces) == "ok?[2Jrtl end")
        #expect(written == TextWidth.width("ok\u{1B}[2J\u{202E}rtl\u{200B}\nend"))
        var clipped = CellBuffer(columns: 10, rows: 1)
        #expect(clipped.put("x", row: 0, column: 3, style: .plain, limit: .max) == 1)  // no overflow at column + Int.max
    }

    /// A runtime whose strings carry escapes and bidi controls: nothing of them reaches a cell of
    /// any view or the `--once` text; the JSON output keeps them, escaped.
    @Test func hostileStringsThroughEveryView() async throws {
        let hostile = "evil\u{1B}]0;pwned\u{07}\u{202E}cba\u{200B}\u{9B}1m"
        var json = try JSONValue.parse(bytes: TestFiles.runtime("katalog"))
        json = try #require(json.setting(.string(hostile), at: ["name"]))
        json = try #require(json.setting(.string(hostile), at: ["crds", "0", "stateReason"]))
        json = try #require(json.setting(.string(hostile), at: ["degradedReason"]))
        let fetcher = FakeFetcher()
        fetcher.set("http://rt/katalog", .success(Array(json.serialized().utf8)))
        let poller = Poller(runtimeURLs: ["http://rt"], gatewayURLs: [], fetcher: fetcher, options: PollOptions())
        await poller.pollFleet()
        let state = await poller.state
        for route in [Route.controlCenter, .controlPanel(runtime: "http://rt")] {
            var ui = ControlUI()
            if route != .controlCenter { ui.stack.append(Screen(route: route)) }
            let frame = FrameComposer(theme: .color, glyphs: .utf8, refreshSeconds: 5)
                .compose(ui: ui, state: state, now: Scenario.start, columns: 160, rows: 40)
            let text = (0..<frame.buffer.rows).map { frame.buffer.text(row: $0) }.joined(separator: "\n")
            #expect(text.contains("evil?]0;pwned?cba?1m"), "\(route)")
            #expect(!text.unicodeScalars.contains { ControlFuzzTests.unsafe($0) && $0 != "\n" }, "\(route)")
        }
        let once = OnceText.render(state, now: Scenario.start, glyphs: .utf8, columns: 160, refreshSeconds: 5)
        #expect(once.contains("evil?]0;pwned?cba?1m"))
        #expect(!once.unicodeScalars.contains { ControlFuzzTests.unsafe($0) && $0 != "\n" })
        let output = OnceJSON.render(state, now: Scenario.start)
        #expect(output.contains(#"evil\u001b]0;pwned\u0007\u202ecba\u200b\u009b1m"#))
        #expect(!output.unicodeScalars.contains { ControlFuzzTests.unsafe($0) && $0 != "\n" })
        let parsed = try JSONValue.parse(output)
        #expect(parsed["runtimes"]?[0]?["katalog"]?["name"] == .string(hostile))
    }
}
