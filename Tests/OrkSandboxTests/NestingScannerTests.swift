import Testing
@testable import OrkSandbox

/// The byte scan that bounds a body's nesting before any parser runs.
@Suite struct NestingScannerTests {
    static func depth(_ text: String, limit: Int = 10_000) -> Int {
        var scanner = NestingScanner(limit: limit)
        _ = scanner.scan(Array(text.utf8))
        return scanner.deepest
    }

    @Test func flowNestingCountsBracketsOutsideStrings() {
        #expect(Self.depth(#"{"a":[1,{"b":[]}]}"#) == 5)  // the line, then four brackets
        #expect(Self.depth(#"{"a":"[[[[{{{{","b":"\"[[[["}"#) == 2)
        #expect(Self.depth("[[[]]][[[]]]") == 4)
        #expect(Self.depth("]]]]]][[") == 3)  // closing brackets never go below zero
        #expect(Self.depth("{\n  \"a\": [\n    1\n  ]\n}\n") == 3)  // indentation inside brackets does not count
    }

    @Test func blockNestingCountsIndentationAndSequenceIndicators() {
        #expect(Self.depth("a: 1\nb: 2\n") == 1)
        #expect(Self.depth("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n") == 3)
        #expect(Self.depth("items:\n  - a\n  - b\n") == 3)
        #expect(Self.depth("- - - x\n") == 4)
        #expect(Self.depth("a:\n- b:\n  - c\n") == 5)
        #expect(Self.depth("a: 1\n# [[[[[[\n   # deep comment\nb: [x] # [[[[\n") == 2)
        #expect(Self.depth("a: -1\nb: -x\n") == 1)
        #expect(Self.depth("---\na:\n  b: 1\n---\nc: 2\n") == 2)
    }

    @Test func theScanStopsAtTheLimitWhateverTheChunking() {
        let text = Array((String(repeating: "[", count: 300) + String(repeating: "]", count: 300)).utf8)
        var whole = NestingScanner(limit: 256)
        let accepted = whole.scan(text)
        #expect(!accepted)
        #expect(whole.deepest == 257)
        // Fed a byte at a time (or in any chunks) the scan reaches the same verdict.
        var bytewise = NestingScanner(limit: 256)
        var refusedAt: Int?
        for (index, byte) in text.enumerated() {
            guard bytewise.scan([byte]) else {
                refusedAt = index
                break
            }
        }
        #expect(refusedAt == 255)
        let yaml = Array("a:\n  b: \"x\\\"[[\"\n  c:\n    - [1, [2]]  # ]]\n".utf8)
        let expected = Self.depth(String(decoding: yaml, as: UTF8.self))
        for cut in 0...yaml.count {
            var scanner = NestingScanner(limit: 10_000)
            _ = scanner.scan(yaml[..<cut])
            _ = scanner.scan(yaml[cut...])
            #expect(scanner.deepest == expected, "cut at \(cut)")
        }
    }
}
