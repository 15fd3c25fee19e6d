/// Splits a template source into tokens: text runs and the items inside `{{ }}` actions.
/// Handles trim markers (`{{- ` and ` -}}`) and comments (`{{/* … */}}`) itself, so the parser
/// sees neither. Positions are tracked as 1-based line and column (in Unicode scalars).
///
/// A class, not a struct: as a struct with `mutating … throws(TemplateError)` methods, Swift 6.3.1
/// miscompiled it under -O (reads of `pos` after a mutating call saw the old value, so `.name` lexed
/// as field ".name" and raw strings kept their backquote), while debug builds were correct. The
/// release-mode test run in scripts/test guards against that class of bug.
final class TemplateLexer {
    private let bytes: [UInt8]
    private var pos = 0
    private var line = 1
    private var column = 1
    private var tokens: [TemplateToken] = []
    private var trimNextText = false

    private init(_ source: String) {
        bytes = Array(source.utf8)
    }

    static func tokenize(_ source: String) throws(TemplateError) -> [TemplateToken] {
        let lexer = TemplateLexer(source)
        try lexer.run()
        return lexer.tokens
    }

    private var location: TemplateLocation { TemplateLocation(line: line, column: column) }

    private func byte(_ offset: Int = 0) -> UInt8? {
        let index = pos + offset
        guard index >= 0, index < bytes.count else { return nil }
        return bytes[index]
    }

    private func matches(_ literal: StaticString, at offset: Int = 0) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard pos + offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            for index in 0..<count where bytes[pos + offset + index] != buffer[index] { return false }
            return true
        }
    }

    private func advance(_ count: Int = 1) {
        var remaining = count
        while remaining > 0, pos < bytes.count {
            let b = bytes[pos]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            pos += 1
            remaining -= 1
        }
    }

    private func emit(_ kind: TemplateToken.Kind, at location: TemplateLocation, spaceBefore: Bool = false) {
        tokens.append(TemplateToken(kind: kind, location: location, spaceBefore: spaceBefore))
    }

    private func run() throws(TemplateError) {
        while pos < bytes.count {
            lexText()
            if pos < bytes.count { try lexAction() }
        }
        emit(.endOfInput, at: location)
    }

    // MARK: Text

    private func lexText() {
        var end = pos
        while end + 1 < bytes.count, !(bytes[end] == 0x7B && bytes[end + 1] == 0x7B) { end += 1 }
        if end + 1 >= bytes.count { end = bytes.count }
        let trimLeft = end + 3 < bytes.count && bytes[end + 2] == 0x2D && TemplateLexer.isSpace(bytes[end + 3])
        var start = pos
        if trimNextText {
            while start < end, TemplateLexer.isSpace(bytes[start]) { start += 1 }
            trimNextText = false
        }
        var stop = end
        if trimLeft {
            while stop > start, TemplateLexer.isSpace(bytes[stop - 1]) { stop -= 1 }
        }
        advance(start - pos)
        let textLocation = location
        advance(end - pos)
        if stop > start {
            emit(.text(String(decoding: bytes[start..<stop], as: UTF8.self)), at: textLocation)
        }
    }

    // MARK: Actions

    private func lexAction() throws(TemplateError) {
        let start = location
        advance(2)
        var afterMarker = 0
        if byte() == 0x2D, let next = byte(1), TemplateLexer.isSpace(next) {
            advance(1)
            afterMarker = 1
        }
        if matches("/*", at: afterMarker) {
            try lexComment(start: start, offset: afterMarker)
            return
        }
        emit(.leftDelim, at: start)
        var space = afterMarker > 0
        while true {
            guard let b = byte() else {
                throw TemplateError(at: start, "unclosed action: missing \"}}\"")
            }
            if TemplateLexer.isSpace(b) {
                if matches("-}}", at: 1) {
                    let here = location
                    advance(4)
                    emit(.rightDelim, at: here, spaceBefore: true)
                    trimNextText = true
                    return
                }
                advance()
                space = true
                continue
            }
            let here = location
            if b == 0x7D, byte(1) == 0x7D {
                advance(2)
                emit(.rightDelim, at: here, spaceBefore: space)
                return
            }
            let kind = try lexItem(b, at: here, actionStart: start)
            emit(kind, at: here, spaceBefore: space)
            space = false
        }
    }

    private func lexComment(start: TemplateLocation, offset: Int) throws(TemplateError) {
        advance(offset + 2)
        while pos < bytes.count, !matches("*/") { advance() }
        guard pos < bytes.count else { throw TemplateError(at: start, "unclosed comment") }
        advance(2)
        if matches("}}") {
            advance(2)
        } else if let b = byte(), TemplateLexer.isSpace(b), matches("-}}", at: 1) {
            advance(4)
            trimNextText = true
        } else {
            throw TemplateError(at: location, "comment ends before closing delimiter")
        }
    }

    private func lexItem(_ b: UInt8, at here: TemplateLocation,
                                  actionStart: TemplateLocation) throws(TemplateError) -> TemplateToken.Kind {
        switch b {
        case 0x7C: advance(); return .pipe
        case 0x28: advance(); return .leftParen
        case 0x29: advance(); return .rightParen
        case 0x2C: advance(); return .comma
        case 0x3D: advance(); return .assign
        case 0x3A:
            guard byte(1) == 0x3D else { throw TemplateError(at: here, "expected \":=\" after \":\"") }
            advance(2)
            return .declare
        case 0x22: return try lexQuoted(at: here)
        case 0x60: return try lexRaw(at: here)
        case 0x27: return try lexChar(at: here)
        case 0x2E:
            if let next = byte(1), TemplateLexer.isDigit(next) { return try lexNumber(at: here) }
            advance()
            let name = takeWord()
            return name.isEmpty ? .dot : .field(name)
        case 0x24:
            advance()
            return .variable("$" + takeWord())
        case 0x2B, 0x2D:
            if let next = byte(1), TemplateLexer.isDigit(next) || (next == 0x2E && byte(2).map(TemplateLexer.isDigit) == true) {
                return try lexNumber(at: here)
            }
            throw TemplateError(at: here, "unexpected \"\(Character(Unicode.Scalar(b)))\" in action")
        case 0x7B where byte(1) == 0x7B:
            throw TemplateError(at: here, "unexpected \"{{\" inside action started at \(actionStart.line):\(actionStart.column) (missing \"}}\"?)")
        default:
            if TemplateLexer.isDigit(b) { return try lexNumber(at: here) }
            if TemplateLexer.isWordByte(b) { return .identifier(takeWord()) }
            let shown = b < 0x80 ? "\"\(Character(Unicode.Scalar(b)))\"" : "non-ASCII character"
            throw TemplateError(at: here, "unexpected \(shown) in action")
        }
    }

    private func takeWord() -> String {
        let start = pos
        while let b = byte(), TemplateLexer.isWordByte(b) || TemplateLexer.isDigit(b) { advance() }
        return String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private func lexQuoted(at here: TemplateLocation) throws(TemplateError) -> TemplateToken.Kind {
        advance()
        let start = pos
        while true {
            guard let b = byte(), b != 0x0A else { throw TemplateError(at: here, "unterminated quoted string") }
            if b == 0x22 { break }
            advance(b == 0x5C && byte(1) != nil && byte(1) != 0x0A ? 2 : 1)
        }
        let body = bytes[start..<pos]
        advance()
        do {
            return .literal(.string(try TemplateLiterals.unquote(body, quote: 0x22)))
        } catch {
            throw TemplateError(at: here, error.message)
        }
    }

    private func lexRaw(at here: TemplateLocation) throws(TemplateError) -> TemplateToken.Kind {
        advance()
        let start = pos
        while let b = byte(), b != 0x60 { advance() }
        guard pos < bytes.count else { throw TemplateError(at: here, "unterminated raw quoted string") }
        let body = bytes[start..<pos].filter { $0 != 0x0D }
        advance()
        return .literal(.string(String(decoding: body, as: UTF8.self)))
    }

    private func lexChar(at here: TemplateLocation) throws(TemplateError) -> TemplateToken.Kind {
        advance()
        let start = pos
        while true {
            guard let b = byte(), b != 0x0A else { throw TemplateError(at: here, "unterminated character constant") }
            if b == 0x27 { break }
            advance(b == 0x5C && byte(1) != nil && byte(1) != 0x0A ? 2 : 1)
        }
        let body = bytes[start..<pos]
        advance()
        do {
            return .literal(.int(try TemplateLiterals.characterValue(body)))
        } catch {
            throw TemplateError(at: here, error.message)
        }
    }

    private func lexNumber(at here: TemplateLocation) throws(TemplateError) -> TemplateToken.Kind {
        let start = pos
        if let b = byte(), b == 0x2B || b == 0x2D { advance() }
        while let b = byte(), TemplateLexer.isWordByte(b) || TemplateLexer.isDigit(b) || b == 0x2E
            || ((b == 0x2B || b == 0x2D) && pos > start && (bytes[pos - 1] | 0x20) == 0x65 && !isHexLiteral(from: start)) {
            advance()
        }
        let text = String(decoding: bytes[start..<pos], as: UTF8.self)
        guard let value = TemplateLiterals.number(text) else {
            throw TemplateError(at: here, "bad number syntax: \"\(text)\"")
        }
        return .literal(value)
    }

    private func isHexLiteral(from start: Int) -> Bool {
        var index = start
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
        return index + 1 < bytes.count && bytes[index] == 0x30 && (bytes[index + 1] | 0x20) == 0x78
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }
}
