import OrkValue

/// Lists, maps and Go's `len index slice`: `len index slice list dict hasKey keys`.
extension TemplateBuiltins {
    static let collections: [TemplateFunction] = [
        TemplateFunction("len", .exactly(1)) { _, args throws(TemplateFunctionError) in
            let value = args.value(0)
            switch value {
            case .string(let text): return .int(text.utf8.count)
            case .array(let items): return .int(items.count)
            case .object(let fields): return .int(fields.count)
            case .null: return .int(0)
            default: throw TemplateFunctionError("len of type \(value.typeName)")
            }
        },
        TemplateFunction("index", .atLeast(1)) { _, args throws(TemplateFunctionError) in
            var current = args.value(0)
            for position in 1..<Swift.max(1, args.count) {
                current = try index(current, args.value(position))
            }
            return current
        },
        TemplateFunction("slice", .between(1, 3)) { _, args throws(TemplateFunctionError) in
            let value = args.value(0)
            let length: Int
            switch value {
            case .array(let items): length = items.count
            case .string(let text): length = text.utf8.count
            case .null: return .null
            default: throw TemplateFunctionError("can't slice item of type \(value.typeName)")
            }
            let low = args.count > 1 ? try args.int(1) : 0
            let high = args.count > 2 ? try args.int(2) : length
            guard low >= 0, low <= high, high <= length else {
                throw TemplateFunctionError("slice bounds out of range [\(low):\(high)] with length \(length)")
            }
            switch value {
            case .array(let items): return .array(Array(items[low..<high]))
            case .string(let text):
                return .string(String(decoding: Array(text.utf8)[low..<high], as: UTF8.self))
            default: return .null
            }
        },
        TemplateFunction("list", .any) { context, args throws(TemplateFunctionError) in
            try TemplateValues.checkBuildable(args, context: &context)
            return .array(args)
        },
        TemplateFunction("dict", .any) { context, args throws(TemplateFunctionError) in
            guard args.count % 2 == 0 else {
                throw TemplateFunctionError("dict expects key/value pairs, got \(args.count) arguments")
            }
            var fields: [String: JSONValue] = [:]
            var values: [JSONValue] = []
            for pair in stride(from: 0, to: args.count, by: 2) {
                let key = try args.string(pair)
                let value = args.value(pair + 1)
                fields[key] = value
                values.append(value)
            }
            try TemplateValues.checkBuildable(values, context: &context)
            return .object(fields)
        },
        TemplateFunction("hasKey", .exactly(2)) { _, args throws(TemplateFunctionError) in
            guard case .object(let fields) = args.value(0) else { return .bool(false) }
            return .bool(fields[try args.string(1)] != nil)
        },
        TemplateFunction("keys", .atLeast(1)) { context, args throws(TemplateFunctionError) in
            var names: Set<String> = []
            for (position, argument) in args.enumerated() {
                switch argument {
                case .object(let fields):
                    try context.charge(fields.count)
                    names.formUnion(fields.keys)
                case .null:
                    continue
                default:
                    throw TemplateFunctionError("argument \(position + 1): expected a map, got \(argument.typeName)")
                }
            }
            return .array(names.sorted().map { .string($0) })
        },
    ]

    /// One step of Go's `index`: lists and strings by integer, maps by string key.
    private static func index(_ collection: JSONValue, _ key: JSONValue) throws(TemplateFunctionError) -> JSONValue {
        switch collection {
        case .null:
            return .null
        case .object(let fields):
            guard case .string(let name) = key else {
                throw TemplateFunctionError("cannot index map with \(key.typeName)")
            }
            return fields[name] ?? .null
        case .array(let items):
            let position = try [key].int(0)
            guard items.indices.contains(position) else {
                throw TemplateFunctionError("index out of range: \(position)")
            }
            return items[position]
        case .string(let text):
            let position = try [key].int(0)
            let bytes = text.utf8
            guard position >= 0, position < bytes.count else {
                throw TemplateFunctionError("index out of range: \(position)")
            }
            return .int(Int(bytes[bytes.index(bytes.startIndex, offsetBy: position)]))
        default:
            throw TemplateFunctionError("can't index item of type \(collection.typeName)")
        }
    }
}
