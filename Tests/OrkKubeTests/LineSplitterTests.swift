import Testing
@testable import OrkKube

/// The watch stream's line splitter: correct wherever chunks are cut, bounded, and linear (each
/// byte searched once and copied at most once, counted rather than timed).
@Suite struct LineSplitterTests {
    /// Feeds `chunks` and returns the lines, as strings, plus the unfinished tail.
    static func split(_ chunks: [[UInt8]], maxLine: Int = 1 << 20) throws -> (lines: [String], splitter: LineSplitter) {
        var splitter = LineSplitter(maxLine: maxLine)
        var lines: [String] = []
        for chunk in chunks {
            try splitter.feed(chunk[...]) { line in lines.append(String(decoding: line, as: UTF8.self)) }
        }
        return (lines, splitter)
    }

    @Test func linesSplitAcrossChunksAtEveryPositionComeOutWhole() throws {
        let text = Array("first\nsecond line\r\n\nthird\r\nlast".utf8)
        let expected = ["first", "second line", "", "third"]
        for cut in 0...text.count {
            let result = try Self.split([Array(text[..<cut]), Array(text[cut...])])
            var splitter = result.splitter
            #expect(result.lines == expected, "cut at \(cut)")
            #expect(String(decoding: splitter.finish(), as: UTF8.self) == "last")
        }
        // Three pieces: every pair of cuts (this covers a CRLF split between its two bytes).
        for first in 0...text.count {
            for second in first...text.count {
                let (lines, _) = try Self.split([Array(text[..<first]), Array(text[first..<second]), Array(text[second...])])
                #expect(lines == expected, "cuts at \(first), \(second)")
            }
        }
    }

    @Test func manySmallChunksAreLinear() throws {
        // 2,000 lines of 100 bytes, fed one byte at a time, then one 1 MiB line fed in 16-byte chunks:
        // a splitter that re-searched its buffer on every chunk would examine ~2^35 bytes here.
        let line = String(repeating: "x", count: 99) + "\n"
        let small = Array(String(repeating: line, count: 2_000).utf8)
        var splitter = LineSplitter(maxLine: 2 << 20)
        var count = 0
        for byte in small {
            try splitter.feed([byte][...]) { line in
                #expect(line.count == 99)
                count += 1
            }
        }
        #expect(count == 2_000)
        #expect(splitter.bytesExamined == small.count)
        #expect(splitter.bytesCopied <= small.count)

        let huge = [UInt8](repeating: UInt8(ascii: "y"), count: 1 << 20) + [0x0A]
        var hugeSplitter = LineSplitter(maxLine: 2 << 20)
        var lengths: [Int] = []
        var offset = 0
        while offset < huge.count {
            let end = min(offset + 16, huge.count)
            try hugeSplitter.feed(huge[offset..<end]) { lengths.append($0.count) }
            offset = end
        }
        #expect(lengths == [1 << 20])
        #expect(hugeSplitter.bytesExamined == huge.count)
        #expect(hugeSplitter.bytesCopied <= huge.count)
        #expect(hugeSplitter.pendingCount == 0)
    }

    @Test func aLineOverTheCapFailsWithoutGrowingTheBuffer() throws {
        let cap = 4096
        var splitter = LineSplitter(maxLine: cap)
        var failed: KubeError?
        var fed = 0
        // Unbounded input with no newline: it fails once the unfinished line passes the cap.
        while failed == nil, fed < 100 * cap {
            do {
                try splitter.feed([UInt8](repeating: 0x61, count: 1000)[...]) { _ in Issue.record("no line ends here") }
                fed += 1000
                #expect(splitter.pendingCount <= cap)
            } catch {
                failed = error
            }
        }
        #expect(failed?.kind == .decoding)
        #expect(failed?.message.contains("larger than 4096 bytes") == true)
        #expect(fed <= cap)
        // A complete line over the cap inside a single chunk fails the same way.
        var single = LineSplitter(maxLine: 10)
        #expect(throws: KubeError.self) {
            try single.feed(Array("short\n0123456789ABC\n".utf8)[...]) { _ in }
        }
        // Exactly at the cap is fine, with or without a CR before the newline.
        var exact = LineSplitter(maxLine: 10)
        var lines: [String] = []
        try exact.feed(Array("0123456789\n012345678\r\n".utf8)[...]) { lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(lines == ["0123456789", "012345678"])
    }

    @Test func anOversizedWatchEventEndsTheWatchWithAClearError() async throws {
        // The default bound (16 MiB) on the real decoder, fed as a server would: 1 MiB chunks.
        var decoder = WatchEventDecoder(request: "GET /api/v1/configmaps?watch=true")
        let prefix = Array(#"{"type":"ADDED","object":{"data":{"k":""#.utf8)
        let filler = [UInt8](repeating: 0x61, count: 1 << 20)
        var error: KubeError?
        do {
            _ = try decoder.feed(prefix)
            for _ in 0...16 { _ = try decoder.feed(filler) }
        } catch let thrown {
            error = thrown
        }
        #expect(error?.kind == .decoding)
        #expect(error?.request == "GET /api/v1/configmaps?watch=true")
        #expect(error?.description.contains("larger than \(16 * 1024 * 1024) bytes") == true)
        // Events just below the bound still decode.
        var small = WatchEventDecoder(request: "w", maxLine: 200)
        let events = try small.feed(Array(#"{"type":"ADDED","object":{"metadata":{"name":"a"}}}"#.utf8) + [0x0D, 0x0A])
        #expect(events.count == 1)
    }
}
