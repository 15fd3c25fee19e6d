import OrkValue

/// Compact JSON (sorted keys, same text as `JSONValue.serialized()`) written with a byte limit,
/// a depth limit and budget accounting, so printing a huge or deeply shared value fails cleanly.
struct TemplateJSONWriter {
    private let limit: Int
    private var written: Int

    init(limit: Int, initial: Int) {
        self.limit = limit
        self.written = initial
    }

    mutating func write(_ value: JSONValue, to out: inout String,
                        context: inout TemplateCallContext) throws(TemplateFunctionError) {
        try write(value, to: &out, context: &context, depth: 0)
    }

    private mutating func write(_ value: JSONValue, to out: inout String, context: inout TemplateCallContext,
                                depth: Int) throws(TemplateFunctionError) {
        guard depth <= context.limits.maxValueDepth else {
            throw TemplateFunctionError("value nested deeper than \(context.limits.maxValueDepth) levels")
        }
        try context.charge(1)
        switch value {
        case .array(let items):
            try append("[", to: &out)
            for (offset, item) in items.enumerated() {
                if offset > 0 { try append(",", to: &out) }
                try write(item, to: &out, context: &context, depth: depth + 1)
            }
            try append("]", to: &out)
        case .object(let fields):
            try append("{", to: &out)
            for (offset, key) in fields.keys.sorted().enumerated() {
                if offset > 0 { try append(",", to: &out) }
                try append(quoted(key), to: &out)
                try append(":", to: &out)
                try write(fields[key] ?? .null, to: &out, context: &context, depth: depth + 1)
            }
            try append("}", to: &out)
        case .string(let text):
            try append(quoted(text), to: &out)
        default:
            try append(value.serialized(), to: &out)
        }
    }

    private func quoted(_ text: String) -> String {
        var result = ""
        JSONValue.writeQuoted(text, to: &result)
        return result
    }

    private mutating func append(_ text: String, to out: inout String) throws(TemplateFunctionError) {
        let (total, overflow) = written.addingReportingOverflow(text.utf8.count)
        guard !overflow, total <= limit else {
            throw TemplateFunctionError("output exceeds the limit of \(limit) bytes")
        }
        written = total
        out += text
    }
}
