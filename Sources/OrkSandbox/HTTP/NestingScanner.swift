/// A cheap, single-pass bound on how deeply a JSON or YAML request body nests, run on the raw bytes
/// as they arrive and before any parser sees them, so a hostile body (`[[[[…`, `{"a":{"a":…`, a YAML
/// block indented a thousand levels) is refused with a 400 instead of reaching a recursive loader.
///
/// The depth counted at any point is the block depth (distinct indentation levels of the lines
/// outside flow collections, a `- ` sequence indicator counting as a level of its own) plus the flow
/// depth (open `[` and `{`). Double-quoted strings are skipped, with their `\` escapes, when they
/// start where JSON or a YAML quoted scalar can start; `#` comments are skipped. Everything else —
/// brackets in plain or block scalars, single-quoted text — counts, so the bound errs on the side of
/// refusing. It is a first line only: the JSON parser and libyaml each bound nesting again.
/// Linear in the body's size, constant memory apart from the indentation stack (at most `limit`).
struct NestingScanner {
    /// The deepest nesting accepted.
    let limit: Int
    /// The deepest nesting seen so far.
    private(set) var deepest = 0

    private var flow = 0
    private var indents: [Int] = []
    private var mode = Mode.lineStart(column: 0)
    /// The last byte outside strings and comments (a newline at the start).
    private var previous: UInt8 = Byte.newline

    private enum Mode {
        /// At the start of a line (outside flow collections), `column` bytes of indentation read.
        case lineStart(column: Int)
        /// A `-` at `column` at the start of a line: a sequence indicator if a blank follows.
        case dash(column: Int)
        case content
        case string(escaped: Bool)
        case comment
    }

    private enum Byte {
        static let newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), hash = UInt8(ascii: "#")
        static let dash = UInt8(ascii: "-")
        static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]")
        static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}")
        static let comma = UInt8(ascii: ","), colon = UInt8(ascii: ":")
    }

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// Whether the nesting has stayed within `limit` so far.
    var withinLimit: Bool { deepest <= limit }

    /// Scans the next bytes of the body; returns false as soon as the nesting exceeds `limit`
    /// (the rest need not be scanned).
    mutating func scan(_ bytes: some Sequence<UInt8>) -> Bool {
        for byte in bytes {
            step(byte)
            if deepest > limit { return false }
        }
        return true
    }

    private mutating func step(_ byte: UInt8) {
        switch mode {
        case .string(let escaped):
            if escaped {
                mode = .string(escaped: false)
            } else if byte == Byte.backslash {
                mode = .string(escaped: true)
            } else if byte == Byte.quote {
                mode = .content
                previous = byte
            }
        case .comment:
            if byte == Byte.newline { endLine() }
        case .lineStart(let column):
            switch byte {
            case Byte.space, Byte.tab: mode = .lineStart(column: column + 1)
            case Byte.carriageReturn: break
            case Byte.newline: endLine()
            case Byte.hash: mode = .comment
            case Byte.dash: mode = .dash(column: column)
            default:
                enterBlock(virtualColumn: 2 * column)
                content(byte)
            }
        case .dash(let column):
            if byte == Byte.space || byte == Byte.tab || byte == Byte.newline || byte == Byte.carriageReturn {
                // `- ` opens a sequence entry one level inside the content at the same column.
                enterBlock(virtualColumn: 2 * column + 1)
                previous = byte
                if byte == Byte.newline {
                    endLine()
                } else {
                    mode = .lineStart(column: column + 2)
                }
            } else {
                enterBlock(virtualColumn: 2 * column)
                previous = Byte.dash
                mode = .content
                content(byte)
            }
        case .content:
            content(byte)
        }
    }

    /// A byte of a line's content, outside strings and comments.
    private mutating func content(_ byte: UInt8) {
        mode = .content
        switch byte {
        case Byte.newline:
            previous = byte
            endLine()
            return
        case Byte.quote where Self.startsToken(after: previous):
            mode = .string(escaped: false)
        case Byte.hash where Self.isBlank(previous):
            mode = .comment
        case Byte.openBracket, Byte.openBrace:
            flow += 1
            note(indents.count + flow)
        case Byte.closeBracket, Byte.closeBrace:
            flow = max(flow - 1, 0)
        default:
            break
        }
        previous = byte
    }

    /// A newline outside strings: the next line's indentation counts only outside flow collections.
    private mutating func endLine() {
        previous = Byte.newline
        mode = flow == 0 ? .lineStart(column: 0) : .content
    }

    /// A line's content (or a sequence indicator) at `virtualColumn` (twice the column, plus one for
    /// a `- `): leaves the deeper levels and opens one when it is deeper than the innermost.
    private mutating func enterBlock(virtualColumn: Int) {
        while let last = indents.last, last > virtualColumn { indents.removeLast() }
        if indents.last != virtualColumn {
            indents.append(virtualColumn)
            note(indents.count + flow)
        }
    }

    private mutating func note(_ depth: Int) {
        deepest = max(deepest, depth)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == Byte.space || byte == Byte.tab || byte == Byte.newline || byte == Byte.carriageReturn
    }

    /// Whether a `"` after `byte` opens a string (JSON) or a double-quoted scalar (YAML).
    private static func startsToken(after byte: UInt8) -> Bool {
        isBlank(byte) || byte == Byte.openBracket || byte == Byte.openBrace || byte == Byte.comma || byte == Byte.colon
    }
}
