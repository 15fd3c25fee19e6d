import Foundation
import OrkTestSupport
import OrkValue

/// A seeded generator of runtime and gateway documents that a broken or hostile endpoint could
/// send: the contract's own bodies with extreme numbers, unicode-hostile strings, deep nesting,
/// missing and wrong-typed fields, and damaged JSON text.
struct HostileDocuments {
    var rng: SplitMix64

    init(seed: UInt64) { rng = SplitMix64(state: seed) }

    /// How a document was made (the test counts each).
    enum Mode: String, CaseIterable, Sendable {
        /// Every number replaced by an extreme of its JSON kind (integers stay integers).
        case extremeNumbers
        /// Every string replaced by a hostile one.
        case hostileStrings
        /// Both of the above.
        case extremeAndHostile
        /// Random fields removed, retyped or replaced by odd values (structure breaks).
        case structural
        /// Deep child trees and status documents.
        case deep
        /// The JSON text itself damaged: truncated, numbers no type holds, stray bytes.
        case damagedText
    }

    static let extremeIntegers: [Int] = [.max, .min, .max - 1, .min + 1, -1, 0, 1 << 62, -(1 << 53), 999_999_999_999]
    static let extremeDoubles: [Double] = [1e300, -1e300, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                           .leastNonzeroMagnitude, 0, -0.0, 9.2e18, -9.3e18, 123456.789]
    static let hostileStrings: [String] = [
        "", " ", "\u{1B}[2J\u{1B}[31mred\u{1B}[0m", "\u{1B}]52;c;AAAA\u{07}", "\u{9B}31m", "\u{0}\u{7F}\u{85}",
        "\u{202E}gnp.exe\u{202C}", "\u{2066}\u{202B}rtl\u{2069}\u{061C}\u{200E}\u{200F}", "zero\u{200B}width\u{200C}\u{200D}\u{2060}\u{FEFF}",
        "e" + String(repeating: "\u{301}", count: 60), "\u{301}starts with a mark", "日本語のテキスト", "👨‍👩‍👧‍👦🏳️‍🌈", "\r\n\t\u{0B}\u{0C}",
        "line\u{2028}para\u{2029}", "tag\u{E0041}\u{E007F}", "soft\u{AD}hyphen", "%00/../..%2F", String(repeating: "W", count: 2000),
        String(repeating: "界", count: 1000), "/", "a/b", "?#&=", "\u{FFFD}\u{FFFF}", "http://\u{202E}evil:80",
    ]
    static let oddValues: [JSONValue] = [
        .null, true, false, 0, -1, .int(.max), .int(.min), 1.5, -0.5, 1e300, -1e300, "", "x", "\u{1B}[2J", [], [:], [[:]],
        ["a": ["b": ["c": []]]], [1, "two", nil],
    ]

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(rng.next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A hostile version of `seed` as the bytes of a response body.
    mutating func make(from seed: JSONValue, mode: Mode) -> [UInt8] {
        switch mode {
        case .extremeNumbers: return bytes(numbers(seed))
        case .hostileStrings: return bytes(strings(seed))
        case .extremeAndHostile: return bytes(structural(strings(numbers(seed)), rounds: 1))
        case .structural: return bytes(structural(seed, rounds: 1 + below(4)))
        case .deep: return bytes(deep(seed))
        case .damagedText: return damaged(Array(seed.serialized().utf8))
        }
    }

    func bytes(_ value: JSONValue) -> [UInt8] { Array(value.serialized().utf8) }

    mutating func numbers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .int: return .int(pick(Self.extremeIntegers))
        case .double: return .double(pick(Self.extremeDoubles))
        case .array(let items): return .array(items.map { numbers($0) })
        case .object(let fields): return .object(fields.mapValues { numbers($0) })
        default: return value
        }
    }

    mutating func strings(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string: return .string(pick(Self.hostileStrings))
        case .array(let items): return .array(items.map { strings($0) })
        case .object(let fields):
            var result: [String: JSONValue] = [:]
            for (key, field) in fields { result[key] = strings(field) }
            // Hostile keys next to the real ones (status fields and operator boxes print keys).
            if chance(20) { result[pick(Self.hostileStrings)] = .int(pick(Self.extremeIntegers)) }
            return .object(result)
        default: return value
        }
    }

    mutating func structural(_ value: JSONValue, rounds: Int) -> JSONValue {
        var value = value
        for _ in 0..<rounds { value = mutate(value, depth: 0) }
        return value
    }

    mutating func mutate(_ value: JSONValue, depth: Int) -> JSONValue {
        switch value {
        case .object(var fields) where !fields.isEmpty && depth < 8:
            let keys = fields.keys.sorted()
            let key = pick(keys)
            switch below(5) {
            case 0: fields.removeValue(forKey: key)
            case 1: fields[key] = pick(Self.oddValues)
            default: fields[key] = mutate(fields[key] ?? .null, depth: depth + 1)
            }
            return .object(fields)
        case .array(var items) where !items.isEmpty && depth < 8:
            switch below(6) {
            case 0: items.removeAll()
            case 1: items += Array(repeating: items[below(items.count)], count: 1 + below(chance(5) ? 300 : 30))
            default:
                let index = below(items.count)
                items[index] = mutate(items[index], depth: depth + 1)
            }
            return .array(items)
        default:
            return pick(Self.oddValues)
        }
    }

    /// Child trees and status objects nested up to past the decoder's depth limit; wide trees.
    mutating func deep(_ seed: JSONValue) -> JSONValue {
        guard case .object(var fields) = seed else { return seed }
        let depth = pick([2, 10, 30, 31, 40, 200])
        let leaf: JSONValue = ["kind": "Pod", "name": .string(pick(Self.hostileStrings)), "ready": false, "children": [],
                               "replicas": ["ready": .int(pick(Self.extremeIntegers)), "desired": .int(pick(Self.extremeIntegers))]]
        var node = leaf
        var status: JSONValue = "bottom"
        for level in 0..<depth {
            var children = [node]
            if level < 2 { children += Array(repeating: leaf, count: below(chance(10) ? 1500 : 50)) }  // wide near the leaves
            node = ["kind": level % 2 == 0 ? "ReplicaSet" : "Deployment", "name": .string("level-\(level)"),
                    "ready": .bool(level % 3 == 0), "children": .array(children)]
            status = chance(50) ? ["nested": status] : [status]
        }
        if fields["children"] != nil || fields["status"] != nil {
            fields["children"] = .array([node, leaf])
            fields["status"] = ["deep": status, "big": .int(.max), "tiny": .double(.leastNonzeroMagnitude)]
            return .object(fields)
        }
        // Documents without a tree: nest one of their fields instead.
        fields[pick(fields.keys.sorted())] = status
        return .object(fields)
    }

    mutating func damaged(_ text: [UInt8]) -> [UInt8] {
        var text = text
        switch below(6) {
        case 0:
            text = Array(text.prefix(below(text.count + 1)))
        case 1, 2:
            // A number no Swift integer holds, or that overflows a Double, in place of one.
            let replacement = pick(["1e999", "-1e999", "123456789012345678901234567890", "9223372036854775808",
                                    "-9223372036854775809", "1.5", "-0", "1E+2", "0.0000001"])
            if let digit = text.indices.filter({ (48...57).contains(text[$0]) }).randomElement(using: &rng) {
                var end = digit
                while end < text.count, (48...57).contains(text[end]) || text[end] == 46 || text[end] == 101 || text[end] == 43 { end += 1 }
                var start = digit
                while start > 0, (48...57).contains(text[start - 1]) || text[start - 1] == 45 { start -= 1 }
                text.replaceSubrange(start..<end, with: Array(replacement.utf8))
            }
        case 3:
            let position = below(text.count + 1)
            text.insert(contentsOf: [pick([0x00, 0xFF, 0xC3, 0x22, 0x5C, 0x7B, 0x5D])], at: position)
        case 4:
            text = Array(String(repeating: "[", count: 2000).utf8)
        default:
            text = (0..<below(200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return text
    }
}
