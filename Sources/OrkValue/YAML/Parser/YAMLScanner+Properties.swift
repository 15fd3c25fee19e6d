/// Directives (`%YAML`, `%TAG`), anchors, aliases and tags.
extension YAMLScanner {
    mutating func scanDirective() throws(YAMLSyntaxError) -> YAMLToken {
        let start = cursor.mark
        cursor.skip()
        let name = try scanDirectiveName()
        var token: YAMLToken
        if name == Array("YAML".utf8) {
            let (major, minor) = try scanVersionDirectiveValue()
            token = YAMLToken(.versionDirective, start: start, end: cursor.mark)
            token.major = major
            token.minor = minor
        } else if name == Array("TAG".utf8) {
            let (handle, prefix) = try scanTagDirectiveValue()
            token = YAMLToken(.tagDirective, start: start, end: cursor.mark)
            token.handle = handle
            token.value = prefix
        } else {
            throw error("while scanning a directive", "found unknown directive name")
        }
        while cursor.isBlank() { cursor.skip() }
        if cursor.check("#") {
            while !cursor.isBreakOrEnd() { cursor.skip() }
        }
        guard cursor.isBreakOrEnd() else {
            throw error("while scanning a directive", "did not find expected comment or line break")
        }
        cursor.skipLine()
        return token
    }

    private mutating func scanDirectiveName() throws(YAMLSyntaxError) -> [UInt8] {
        var name: [UInt8] = []
        while cursor.isAlpha() { cursor.read(into: &name) }
        guard !name.isEmpty else { throw error("while scanning a directive", "could not find expected directive name") }
        guard cursor.isBlankOrEnd() else {
            throw error("while scanning a directive", "found unexpected non-alphabetical character")
        }
        return name
    }

    private mutating func scanVersionDirectiveValue() throws(YAMLSyntaxError) -> (Int, Int) {
        while cursor.isBlank() { cursor.skip() }
        let major = try scanVersionNumber()
        guard cursor.check(".") else {
            throw error("while scanning a %YAML directive", "did not find expected digit or '.' character")
        }
        cursor.skip()
        return (major, try scanVersionNumber())
    }

    private mutating func scanVersionNumber() throws(YAMLSyntaxError) -> Int {
        var value = 0
        var length = 0
        while cursor.isDigit() {
            length += 1
            guard length <= 9 else { throw error("while scanning a %YAML directive", "found extremely long version number") }
            value = value * 10 + Int(cursor.byte() - 0x30)
            cursor.skip()
        }
        guard length > 0 else { throw error("while scanning a %YAML directive", "did not find expected version number") }
        return value
    }

    private mutating func scanTagDirectiveValue() throws(YAMLSyntaxError) -> ([UInt8], [UInt8]) {
        while cursor.isBlank() { cursor.skip() }
        let handle = try scanTagHandle(directive: true)
        guard cursor.isBlank() else { throw error("while scanning a %TAG directive", "did not find expected whitespace") }
        while cursor.isBlank() { cursor.skip() }
        let prefix = try scanTagURI(uriCharacters: true, directive: true, head: [])
        guard cursor.isBlankOrEnd() else {
            throw error("while scanning a %TAG directive", "did not find expected whitespace or line break")
        }
        return (handle, prefix)
    }

    /// `&name` or `*name`.
    mutating func scanAnchor(_ kind: YAMLToken.Kind) throws(YAMLSyntaxError) -> YAMLToken {
        let start = cursor.mark
        cursor.skip()
        var name: [UInt8] = []
        while cursor.isAlpha() { cursor.read(into: &name) }
        let end = cursor.mark
        guard !name.isEmpty, cursor.isBlankOrEnd() || cursor.check(.anchorEnds) else {
            throw error(kind == .anchor ? "while scanning an anchor" : "while scanning an alias",
                        "did not find expected alphabetic or numeric character")
        }
        var token = YAMLToken(kind, start: start, end: end)
        token.value = name
        return token
    }

    /// `!<verbatim>`, `!suffix`, `!!suffix`, `!handle!suffix` or a lone `!`.
    mutating func scanTag() throws(YAMLSyntaxError) -> YAMLToken {
        let start = cursor.mark
        var handle: [UInt8]
        var suffix: [UInt8]
        if cursor.check("<", 1) {
            handle = []
            cursor.skip()
            cursor.skip()
            suffix = try scanTagURI(uriCharacters: true, directive: false, head: [])
            guard cursor.check(">") else { throw error("while scanning a tag", "did not find the expected '>'") }
            cursor.skip()
        } else {
            handle = try scanTagHandle(directive: false)
            if handle.count > 1, handle.last == UInt8(ascii: "!") {
                suffix = try scanTagURI(uriCharacters: false, directive: false, head: [])
            } else {
                // `!name` is the primary handle `!` and suffix `name`; a lone `!` is the non-specific tag.
                suffix = try scanTagURI(uriCharacters: false, directive: false, head: handle)
                handle = [UInt8(ascii: "!")]
                if suffix.isEmpty { swap(&handle, &suffix) }
            }
        }
        guard cursor.isBlankOrEnd() || (flowLevel > 0 && cursor.check(",")) else {
            throw error("while scanning a tag", "did not find expected whitespace or line break")
        }
        var token = YAMLToken(.tag, start: start, end: cursor.mark)
        token.handle = handle
        token.value = suffix
        return token
    }

    private mutating func scanTagHandle(directive: Bool) throws(YAMLSyntaxError) -> [UInt8] {
        guard cursor.check("!") else {
            throw error(directive ? "while scanning a tag directive" : "while scanning a tag", "did not find expected '!'")
        }
        var handle: [UInt8] = []
        cursor.read(into: &handle)
        while cursor.isAlpha() { cursor.read(into: &handle) }
        if cursor.check("!") {
            cursor.read(into: &handle)
        } else if directive && handle != [UInt8(ascii: "!")] {
            throw error("while parsing a tag directive", "did not find expected '!'")
        }
        return handle
    }

    /// A tag's URI characters, with `%XX` escapes decoded; `head` (a handle read too early) is its start.
    private mutating func scanTagURI(uriCharacters: Bool, directive: Bool, head: [UInt8]) throws(YAMLSyntaxError) -> [UInt8] {
        var length = head.count
        var uri = Array(head.dropFirst())
        while cursor.isAlpha() || cursor.check(.uriCharacters)
                || (uriCharacters && cursor.check(.uriFlowCharacters)) {
            if cursor.check("%") {
                try scanURIEscapes(directive: directive, into: &uri)
            } else {
                cursor.read(into: &uri)
            }
            length += 1
        }
        guard length > 0 else {
            throw error(directive ? "while parsing a %TAG directive" : "while parsing a tag", "did not find expected tag URI")
        }
        return uri
    }

    /// One UTF-8 character written as `%XX` escapes.
    private mutating func scanURIEscapes(directive: Bool, into uri: inout [UInt8]) throws(YAMLSyntaxError) {
        let context = directive ? "while parsing a %TAG directive" : "while parsing a tag"
        var remaining = 0
        repeat {
            guard cursor.check("%"), let high = cursor.hexDigit(1), let low = cursor.hexDigit(2) else {
                throw error(context, "did not find URI escaped octet")
            }
            let octet = UInt8(high << 4 | low)
            if remaining == 0 {
                remaining = octet & 0x80 == 0 ? 1 : octet & 0xE0 == 0xC0 ? 2 : octet & 0xF0 == 0xE0 ? 3 : octet & 0xF8 == 0xF0 ? 4 : 0
                guard remaining > 0 else { throw error(context, "found an incorrect leading UTF-8 octet") }
            } else if octet & 0xC0 != 0x80 {
                throw error(context, "found an incorrect trailing UTF-8 octet")
            }
            uri.append(octet)
            cursor.skip()
            cursor.skip()
            cursor.skip()
            remaining -= 1
        } while remaining > 0
    }
}
