import OrkValue

/// Kubernetes helpers: `get truncateName slugify dnsLabel hasCondition conditionStatus
/// conditionReason replicasReady`. All are nil-safe: missing objects or fields give null/false.
extension TemplateBuiltins {
    static let kubernetes: [TemplateFunction] = [
        TemplateFunction("get", .atLeast(1)) { _, args throws(TemplateFunctionError) in
            var current = args.value(0)
            for key in args.dropFirst() {
                switch (current, key) {
                case (.object(let fields), .string(let name)):
                    current = fields[name] ?? .null
                case (.array(let items), .int(let position)):
                    current = items.indices.contains(position) ? items[position] : .null
                case (.array(let items), .string(let text)):
                    guard let position = Int(text), items.indices.contains(position) else { return .null }
                    current = items[position]
                default:
                    return .null
                }
            }
            return current
        },
        TemplateFunction("truncateName", .between(1, 2)) { _, args throws(TemplateFunctionError) in
            if args.count == 2 {
                return .string(try truncateName(try args.string(1), maxLength: try args.int(0)))
            }
            return .string(try truncateName(try args.string(0), maxLength: 63))
        },
        unary("slugify") { slugify($0) },
        TemplateFunction("dnsLabel", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .string(try truncateName(slugify(try args.string(0)), maxLength: 63))
        },
        TemplateFunction("hasCondition", .exactly(2)) { _, args throws(TemplateFunctionError) in
            guard let condition = condition(in: args.value(0), type: try args.string(1)) else { return .bool(false) }
            switch condition["status"] {
            case .string(let status)?: return .bool(status == "True")
            case .bool(let flag)?: return .bool(flag)
            default: return .bool(false)
            }
        },
        TemplateFunction("conditionStatus", .exactly(2)) { _, args throws(TemplateFunctionError) in
            condition(in: args.value(0), type: try args.string(1))?["status"] ?? .null
        },
        TemplateFunction("conditionReason", .exactly(2)) { _, args throws(TemplateFunctionError) in
            condition(in: args.value(0), type: try args.string(1))?["reason"] ?? .null
        },
        TemplateFunction("replicasReady", .exactly(1)) { _, args throws(TemplateFunctionError) in
            let object = args.value(0)
            guard case .object = object else { return .bool(false) }
            let desired = object.value(at: ["spec", "replicas"])?.intValue ?? 1
            let ready = object.value(at: ["status", "readyReplicas"])?.intValue ?? 0
            return .bool(ready >= desired)
        },
    ]

    /// The first condition of `type` in a list of conditions, a status map with `conditions`, or
    /// an object with `status.conditions`.
    static func condition(in value: JSONValue, type: String) -> [String: JSONValue]? {
        let list: [JSONValue]
        switch value {
        case .array(let items):
            list = items
        case .object(let fields):
            if case .array(let items)? = fields["conditions"] {
                list = items
            } else if case .array(let items)? = value.value(at: ["status", "conditions"]) {
                list = items
            } else {
                return nil
            }
        default:
            return nil
        }
        for item in list {
            if case .object(let fields) = item, fields["type"] == .string(type) { return fields }
        }
        return nil
    }

    /// Lower-case, with every run of characters other than `a-z0-9` replaced by one `-`, and no
    /// leading or trailing `-`.
    static func slugify(_ text: String) -> String {
        var out: [UInt8] = []
        var pendingDash = false
        for byte in text.lowercased().utf8 {
            let keep = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            if keep {
                if pendingDash, !out.isEmpty { out.append(0x2D) }
                pendingDash = false
                out.append(byte)
            } else {
                pendingDash = true
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Names longer than `maxLength` bytes are cut and given `-` plus the first 8 hex digits of
    /// the SHA-256 of the full name, so different long names stay different and the result is stable.
    static func truncateName(_ name: String, maxLength: Int) throws(TemplateFunctionError) -> String {
        guard maxLength > 0 else { throw TemplateFunctionError("maximum length must be positive, got \(maxLength)") }
        guard name.utf8.count > maxLength else { return name }
        let hash = String(ContentHash.sha256(name).prefix(8))
        guard maxLength > hash.count + 1 else { return String(hash.prefix(maxLength)) }
        var prefix: [UInt8] = []
        for scalar in name.unicodeScalars {
            let encoded = Array(String(scalar).utf8)
            guard prefix.count + encoded.count <= maxLength - hash.count - 1 else { break }
            prefix.append(contentsOf: encoded)
        }
        while let last = prefix.last, last == 0x2D || last == 0x2E || last == 0x5F { prefix.removeLast() }
        if prefix.isEmpty { return hash }
        return String(decoding: prefix, as: UTF8.self) + "-" + hash
    }
}
