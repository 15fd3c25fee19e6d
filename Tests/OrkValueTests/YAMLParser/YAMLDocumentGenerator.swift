/// Random YAML streams from a small grammar of what manifests, Helm output, CRDs and Katalogs use:
/// block and flow collections, every scalar style, anchors, aliases, merge keys, tags, directives,
/// comments, document markers, CRLF and BOM. In half the streams ("sloppy" ones) a few percent of
/// choices slip (tab or wrong indentation, bad escapes, undefined aliases and tag handles, duplicate and
/// non-string keys, stray indicators), so refusals are exercised as well as trees.
struct YAMLDocumentGenerator {
    var random: YAMLFuzzRandom
    private(set) var sloppy = false
    private var anchors: [String] = []
    /// Anchors of mappings, which merge keys may name.
    private var mappingAnchors: [String] = []
    /// Tags whose handle the current document declares with `%TAG`.
    private var declaredTags: [String] = []
    private var newline = "\n"
    private var serial = 0

    init(seed: UInt64) {
        random = YAMLFuzzRandom(seed: seed)
    }

    mutating func stream() -> String {
        sloppy = random.chance(50)
        newline = random.chance(15) ? "\r\n" : "\n"
        var out = random.chance(3) ? "\u{FEFF}" : ""
        let documents = random.chance(70) ? 1 : 2 + random.upTo(2)
        for index in 0..<documents {
            if !slips(20) { anchors = []; mappingAnchors = [] }
            declaredTags = []
            var explicit = index > 0 || random.chance(25)
            if random.chance(6) { out += "%YAML 1.\(slips(30) ? 3 : random.upTo(1) + 1)" + newline; explicit = true }
            if random.chance(6) {
                out += "%TAG !e! tag:example.com,2000:app/" + newline
                declaredTags = ["!e!widget", "!e!"]
                explicit = true
            }
            if random.chance(5) { out += "# leading comment" + newline }
            if explicit && random.chance(15) {
                out += "--- " + scalar(indent: 0) + newline  // the document is that scalar
            } else {
                if explicit { out += "---" + newline }
                if !(explicit && random.chance(5)) { out += blockNode(indent: 0, depth: 0) }
            }
            if random.chance(12) { out += "..." + newline }
        }
        return out
    }

    private mutating func blockNode(indent: Int, depth: Int) -> String {
        let roll = random.upTo(99)
        if depth >= 5 || roll < 15 { return spaces(indent) + properties() + scalar(indent: indent) + newline }
        if roll < 55 { return blockMapping(indent: indent, depth: depth, inlineFirst: false) }
        if roll < 80 { return blockSequence(indent: indent, depth: depth, inlineFirst: false) }
        if roll < 92 { return spaces(indent) + anchoredFlow(depth: depth, indent: indent) + newline }
        return spaces(indent) + properties() + blockScalar(indent: max(indent - 1, -1))
    }

    /// What follows `key:` or `-`: an inline value, or a line break and a nested block node.
    private mutating func value(indent: Int, depth: Int, indentlessAllowed: Bool) -> String {
        switch random.upTo(11) {
        case 0...3: return " " + properties() + scalar(indent: indent) + comment() + newline
        case 4: return " " + anchoredFlow(depth: depth, indent: indent) + comment() + newline
        case 5: return " " + properties() + blockScalar(indent: indent)
        case 6, 7:
            let (properties, anchor) = random.chance(20) ? collectionProperties() : ("", nil)
            let mapping = blockMapping(indent: indent + step(), depth: depth + 1, inlineFirst: false)
            if let anchor { anchors.append(anchor); mappingAnchors.append(anchor) }
            return (properties.isEmpty ? "" : " " + properties) + comment() + newline + mapping
        case 8:
            let nested = indentlessAllowed && random.chance(50) ? indent : indent + step()
            return newline + blockSequence(indent: nested, depth: depth + 1, inlineFirst: false)
        case 9: return (random.chance(30) ? " " + properties() : "") + comment() + newline
        case 10: return " " + alias() + newline
        default: return " " + multiLinePlain(indent: indent) + newline
        }
    }

    private mutating func blockMapping(indent: Int, depth: Int, inlineFirst: Bool) -> String {
        var out = ""
        var previousKey = "k"
        var merged = false
        for index in 0..<(1 + random.upTo(4)) {
            let line = index == 0 && inlineFirst ? "" : spaces(slip(indent))
            let key = slips(4) ? previousKey : mappingKey()
            previousKey = key
            if random.chance(6) {  // explicit key
                out += line + "? " + key + newline + spaces(indent) + ":" + value(indent: indent, depth: depth, indentlessAllowed: false)
            } else if random.chance(8), !merged || slips(30), let source = mergeSource() {
                merged = true
                out += line + "<<: " + source + newline
            } else {
                out += line + key + ":" + value(indent: indent, depth: depth, indentlessAllowed: true)
            }
            if random.chance(6) { out += spaces(random.upTo(indent + 2)) + "# between entries" + newline }
            if random.chance(5) { out += newline }
        }
        return out
    }

    private mutating func blockSequence(indent: Int, depth: Int, inlineFirst: Bool) -> String {
        var out = ""
        for index in 0..<(1 + random.upTo(3)) {
            out += index == 0 && inlineFirst ? "-" : spaces(slip(indent)) + "-"
            switch random.upTo(5) {
            case 0: out += " " + blockMapping(indent: indent + 2, depth: depth + 1, inlineFirst: true)
            case 1: out += " " + blockSequence(indent: indent + 2, depth: depth + 1, inlineFirst: true)
            case 2 where depth < 5: out += newline + blockNode(indent: indent + step(), depth: depth + 1)
            default: out += value(indent: indent, depth: depth, indentlessAllowed: false)
            }
        }
        return out
    }

    /// A flow collection, over several lines now and then.
    private mutating func flow(depth: Int, indent: Int, mapping: Bool) -> String {
        let separator = random.chance(20) ? newline + spaces(indent + 1 + random.upTo(2)) : " "
        var items: [String] = []
        for _ in 0..<random.upTo(4) {
            var item: String
            switch random.upTo(9) {
            case 0...1 where depth < 5: item = anchoredFlow(depth: depth + 1, indent: indent)
            case 2: item = alias()
            default: item = properties() + flowScalar()
            }
            if mapping {
                if !slips(15) { item = flowKey() + ":" + (slips(20) ? "" : " ") + item }
            } else if random.chance(8) {
                item = flowKey() + ": " + item
            }
            items.append(item)
        }
        let trailing = !items.isEmpty && random.chance(10) ? "," : ""
        let body = items.joined(separator: "," + (random.chance(80) ? separator : ""))
        return (mapping ? "{" : "[") + body + trailing + (mapping ? "}" : "]")
    }

    /// A flow collection with optional properties; its anchor can be aliased once it is complete (an
    /// alias inside its own anchored node would be undefined).
    private mutating func anchoredFlow(depth: Int, indent: Int) -> String {
        let (properties, anchor) = collectionProperties()
        let mapping = random.chance(45)
        let collection = flow(depth: depth, indent: indent, mapping: mapping)
        if let anchor {
            anchors.append(anchor)
            if mapping { mappingAnchors.append(anchor) }
        }
        return properties + collection
    }

    private mutating func blockScalar(indent: Int) -> String {
        var header = random.pick(["|", ">"]) ?? "|"
        let indicator = random.chance(15) ? String(1 + random.upTo(3)) : ""
        let chomping = random.pick(["", "", "-", "+"]) ?? ""
        header += random.chance(50) ? indicator + chomping : chomping + indicator
        if random.chance(10) { header += " # header" }
        // The content's column: the indicator counts from the enclosing block (0 at the top).
        let base = Int(indicator).map { indent >= 0 ? indent + $0 : $0 } ?? max(indent + step(), 1)
        var out = header + newline
        var first = true
        for _ in 0..<random.upTo(4) {
            if random.chance(20) { out += newline; continue }
            let extra = !first && random.chance(15) ? random.upTo(3) : 0
            first = false
            out += spaces(slip(base) + extra) + word() + " " + word() + newline
        }
        if random.chance(25) { out += newline + spaces(random.upTo(base)) + newline }
        return out
    }

    private mutating func scalar(indent: Int) -> String {
        switch random.upTo(9) {
        case 0...5: return random.pick(slips(8) ? Self.riskyPlainScalars : Self.plainScalars) ?? "a"
        case 6, 7: return singleQuoted(indent: indent, multiLine: true)
        default: return doubleQuoted(indent: indent, multiLine: true)
        }
    }

    private mutating func flowScalar() -> String {
        switch random.upTo(5) {
        case 0...2: return random.pick(slips(8) ? Self.riskyFlowScalars : Self.flowPlainScalars) ?? "a"
        case 3: return singleQuoted(indent: 0, multiLine: true)
        default: return doubleQuoted(indent: 0, multiLine: true)
        }
    }

    private mutating func multiLinePlain(indent: Int) -> String {
        var out = word()
        for _ in 0..<(1 + random.upTo(2)) {
            out += newline + (random.chance(20) ? newline : "") + spaces(slip(indent + 1 + random.upTo(2))) + word()
        }
        return out
    }

    private mutating func singleQuoted(indent: Int, multiLine: Bool, text: String? = nil) -> String {
        var body = text ?? word()
        if random.chance(30) { body += "''" + word() }
        if random.chance(15) && (multiLine || slips(20)) { body += newline + spaces(random.upTo(indent + 2)) + word() }
        return slips(3) ? "'" + body : "'" + body + "'"
    }

    private mutating func doubleQuoted(indent: Int, multiLine: Bool, text: String? = nil) -> String {
        var body = text ?? ""
        for _ in 0..<random.upTo(3) {
            body += word()
            if random.chance(50) { body += random.pick(slips(5) ? Self.badEscapes : Self.escapes) ?? "" }
        }
        if random.chance(10) && (multiLine || slips(20)) { body += "\\" + newline + spaces(random.upTo(indent + 2)) + "tail" }
        if random.chance(10) && (multiLine || slips(20)) { body += newline + newline + spaces(random.upTo(indent + 2)) + "folded" }
        return "\"" + body + "\""
    }

    /// A block mapping key; unique in clean streams (a serial number), any spelling in sloppy ones.
    private mutating func mappingKey() -> String {
        serial += 1
        let name = sloppy ? (random.pick(Self.keys) ?? "k") : (random.pick(Self.keys) ?? "k") + "_\(serial)"
        switch random.upTo(29) {
        case 0...2: return singleQuoted(indent: 0, multiLine: false, text: name)
        case 3...5: return doubleQuoted(indent: 0, multiLine: false, text: name)
        case 6, 7: return properties() + name
        case 8 where sloppy: return alias() + " "
        case 9 where sloppy: return anchoredFlow(depth: 4, indent: 0)
        default: return name
        }
    }

    private mutating func flowKey() -> String {
        serial += 1
        let name = sloppy ? (random.pick(Self.flowPlainScalars) ?? "k") : "f_\(serial)"
        switch random.upTo(9) {
        case 0: return singleQuoted(indent: 0, multiLine: false, text: name)
        case 1: return doubleQuoted(indent: 0, multiLine: false, text: name)
        default: return name
        }
    }

    private mutating func collectionProperties() -> (String, String?) {
        var out = ""
        var anchor: String?
        if random.chance(12) {
            serial += 1
            anchor = "c\(serial)"
            out += "&c\(serial) "
        }
        if random.chance(8) { out += (random.pick(slips(10) ? Self.riskyTags : Self.tags + declaredTags) ?? "!!str") + " " }
        return (out, anchor)
    }

    /// An optional anchor (usable at once: it names a scalar) and tag, each followed by a space.
    private mutating func properties() -> String {
        var out = ""
        if random.chance(12) {
            serial += 1
            anchors.append("s\(serial)")
            out += "&s\(serial) "
        }
        if random.chance(8) { out += (random.pick(slips(10) ? Self.riskyTags : Self.tags + declaredTags) ?? "!!str") + " " }
        return out
    }

    private mutating func alias() -> String {
        guard !slips(3) else { return "*undefined" }
        guard let name = random.pick(anchors) else { return word() }
        return "*" + name
    }

    /// An alias to a mapping, or a list of them, for `<<`.
    private mutating func mergeSource() -> String? {
        let sources = slips(20) ? anchors : mappingAnchors
        guard let first = random.pick(sources) else { return nil }
        guard random.chance(30), let second = random.pick(sources) else { return "*" + first }
        return "[*" + first + ", *" + second + "]"
    }

    private mutating func word() -> String { random.pick(Self.words) ?? "a" }

    private mutating func comment() -> String {
        random.chance(10) ? (slips(10) ? "# tight" : " # note") : ""
    }

    private mutating func step() -> Int { random.chance(70) ? 2 : 1 + random.upTo(3) }

    /// In a sloppy stream, true with probability `percent`/100.
    private mutating func slips(_ percent: Int) -> Bool { sloppy && random.chance(percent) }

    /// The indentation, now and then one off.
    private mutating func slip(_ indent: Int) -> Int {
        slips(3) ? max(0, indent + (random.chance(50) ? 1 : -1)) : indent
    }

    /// Indentation, now and then with a tab where YAML forbids one.
    private mutating func spaces(_ count: Int) -> String {
        String(repeating: " ", count: max(0, count)) + (slips(1) ? "\t" : "")
    }

    static let words = ["a", "name", "web", "x y", "80", "-1", "0x1F", "true", "null", "~", "é", "😀", "a:b", "a#b", "v1.2", "--x"]
    static let keys = ["apiVersion", "kind", "metadata", "name", "spec", "items", "a", "b", "1", "true", "with space", "é", "x-y"]
    static let plainScalars = words + ["http://h/p?q=1", "a - b", "?x", ":x", "-x", "a,b", "x]", "x}", "a #c", "a\tb"]
    static let riskyPlainScalars = ["[x", "@x", "`x", "%x", "!x", "a: b", "#", "- x", "\tx", "x\u{FEFF}", "\u{85}x", "x\u{2028}y"]
    static let flowPlainScalars = ["a", "b c", "1", "true", "~", "é", "a:b", "-x", "http://h"]
    static let riskyFlowScalars = ["x:", "-", "x:]", "?", "?x", "\t"]
    static let escapes = ["\\n", "\\t", "\\\"", "\\\\", "\\x41", "\\u00e9", "\\U0001F600", "\\/", "\\ ", "\\0", "\\e", "\\N", "\\_",
                          "\\L", "\\P", "\\\t", "\\uFEFF"]
    static let badEscapes = ["\\q", "\\x4", "\\uD800", "\\U00110000"]
    static let tags = ["!!str", "!!int", "!!map", "!custom", "!", "!<tag:yaml.org,2002:str>", "!a%C3%A9"]
    static let riskyTags = ["!e!widget", "!undefined!x", "!<>", "!a%ZZ", "!!"]
}
