import OrkValue

/// Dotted field paths as written in rules: `spec.image`, `.status.conditions.0.type` (a leading dot is
/// allowed, an all-digit segment indexes a list). A key that itself contains a dot is written with a
/// backslash, as in kubectl JSONPath: `metadata.labels.app\.kubernetes\.io/name`; `\\` is a backslash.
enum FieldPath {
    /// The key segments of `path`; empty segments are dropped (the static checks report them).
    static func segments(_ path: String) -> [String] {
        split(path).filter { !$0.isEmpty }
    }

    /// Whether `path` has an empty segment other than one leading dot (`spec..image`, `spec.`).
    static func hasEmptySegment(_ path: String) -> Bool {
        var parts = split(path)
        if parts.first == "" { parts.removeFirst() }
        return parts.contains("")
    }

    private static func split(_ path: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaping = false
        for ch in path.unicodeScalars {
            if escaping {
                if ch != "." && ch != "\\" { current.unicodeScalars.append("\\") }
                current.unicodeScalars.append(ch)
                escaping = false
            } else if ch == "\\" {
                escaping = true
            } else if ch == "." {
                parts.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(ch)
            }
        }
        if escaping { current.unicodeScalars.append("\\") }
        parts.append(current)
        return parts
    }

    /// The segments written back as a dotted path (dots and backslashes in keys escaped).
    static func dotted(_ segments: [String]) -> String {
        segments.map { segment in
            var out = ""
            for ch in segment.unicodeScalars {
                if ch == "." || ch == "\\" { out.unicodeScalars.append("\\") }
                out.unicodeScalars.append(ch)
            }
            return out
        }.joined(separator: ".")
    }

    /// The RFC 6901 JSON Pointer for `segments` (`~` → `~0`, `/` → `~1`).
    static func pointer(_ segments: [String]) -> String {
        var out = ""
        for segment in segments {
            out += "/"
            for ch in segment.unicodeScalars {
                switch ch {
                case "~": out += "~0"
                case "/": out += "~1"
                default: out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}

extension FieldPath {
    /// The list index a segment names: all ASCII digits, no leading zero (as in RFC 6901).
    static func index(_ segment: String) -> Int? {
        let bytes = Array(segment.utf8)
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              bytes.count == 1 || bytes[0] != 0x30 else { return nil }
        return Int(segment)
    }

    /// The value at `segments` in `root`, nil when any step is missing or not a container.
    static func lookup(_ segments: [String], in root: JSONValue) -> JSONValue? {
        var current = root
        for segment in segments {
            switch current {
            case .object(let fields):
                guard let next = fields[segment] else { return nil }
                current = next
            case .array(let items):
                guard let i = index(segment), i < items.count else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    /// `root` with `value` stored at `segments` (which must not be empty). Missing or null parents
    /// become `{}`; their prefix lengths are returned in order so a JSON Patch can create them first.
    /// Fails, naming the blocking field, when a scalar or list is in the way or an index is out of range.
    static func setting(_ value: JSONValue, at segments: [String], in root: JSONValue)
        -> Result<(JSONValue, created: [Int]), OperandProblem>
    {
        var created: [Int] = []

        func place(into node: JSONValue, depth: Int) throws(OperandProblem) -> JSONValue {
            guard depth < segments.count else { return value }
            let key = segments[depth]
            let here = depth == 0 ? "the object" : dotted(Array(segments.prefix(depth)))
            let isLast = depth == segments.count - 1
            switch node {
            case .object(var fields):
                if isLast {
                    fields[key] = value
                    return .object(fields)
                }
                var child = fields[key] ?? .null
                if child.isNull {
                    created.append(depth + 1)
                    child = .object([:])
                }
                fields[key] = try place(into: child, depth: depth + 1)
                return .object(fields)
            case .array(var items):
                guard let i = index(key) else {
                    throw OperandProblem("\(here) is a list; \"\(key)\" is not a list index")
                }
                guard i < items.count else {
                    throw OperandProblem("\(here) has no element \(i) (it has \(items.count))")
                }
                if isLast {
                    items[i] = value
                    return .array(items)
                }
                var child = items[i]
                if child.isNull {
                    created.append(depth + 1)
                    child = .object([:])
                }
                items[i] = try place(into: child, depth: depth + 1)
                return .array(items)
            default:
                throw OperandProblem("cannot set \(dotted(segments)): \(here) is a \(node.typeName), not a map")
            }
        }

        do {
            let updated = try place(into: root, depth: 0)
            return .success((updated, created: created))
        } catch {
            return .failure(error)
        }
    }
}
