import OrkValue

/// String functions. Arguments follow Sprig's order — the string being worked on comes last — so
/// they read well in pipelines: `{{ .spec.name | trimPrefix "app-" | upper }}`.
extension TemplateBuiltins {
    static let strings: [TemplateFunction] = [
        unary("toLower") { $0.lowercased() },
        unary("lower") { $0.lowercased() },
        unary("toUpper") { $0.uppercased() },
        unary("upper") { $0.uppercased() },
        unary("title") { title($0) },
        unary("trim") { TemplateText.trimSpace($0) },
        unary("trimSpace") { TemplateText.trimSpace($0) },
        unary("camelToKebab") { camelToKebab($0) },
        binary("trimPrefix") { prefix, text in
            text.utf8.starts(with: prefix.utf8) ? String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self) : text
        },
        binary("trimSuffix") { suffix, text in
            text.utf8.reversed().starts(with: suffix.utf8.reversed())
                ? String(decoding: text.utf8.dropLast(suffix.utf8.count), as: UTF8.self) : text
        },
        predicate("hasPrefix") { prefix, text in text.utf8.starts(with: prefix.utf8) },
        predicate("hasSuffix") { suffix, text in text.utf8.reversed().starts(with: suffix.utf8.reversed()) },
        predicate("contains") { needle, text in TemplateText.contains(text, needle) },
        TemplateFunction("replace", .exactly(3)) { context, args throws(TemplateFunctionError) in
            .string(try TemplateText.replaceAll(try args.string(2), try args.string(0), try args.string(1),
                                                maxBytes: context.limits.maxOutputBytes))
        },
        TemplateFunction("split", .exactly(2)) { context, args throws(TemplateFunctionError) in
            let parts = TemplateText.split(try args.string(1), separator: try args.string(0))
            try context.charge(parts.count)
            return .array(parts.map { .string($0) })
        },
        TemplateFunction("join", .exactly(2)) { context, args throws(TemplateFunctionError) in
            let separator = try args.string(0)
            let items: [JSONValue]
            switch args.value(1) {
            case .array(let list): items = list
            case .null: items = []
            case .object: throw TemplateFunctionError("argument 2: expected a list, got map")
            case let scalar: items = [scalar]
            }
            var out = ""
            for (offset, item) in items.enumerated() {
                if offset > 0 { out += separator }
                out += try TemplateValues.text(item, context: &context)
                try context.checkSize(out.utf8.count)
            }
            return .string(out)
        },
        TemplateFunction("repeat", .exactly(2)) { context, args throws(TemplateFunctionError) in
            let count = try args.int(0)
            let text = try args.string(1)
            guard count >= 0 else { throw TemplateFunctionError("negative repeat count \(count)") }
            let (size, overflow) = text.utf8.count.multipliedReportingOverflow(by: count)
            guard !overflow else { throw TemplateFunctionError("result exceeds the limit of \(context.limits.maxOutputBytes) bytes") }
            try context.checkSize(size)
            return .string(String(repeating: text, count: count))
        },
        TemplateFunction("truncate", .exactly(2)) { _, args throws(TemplateFunctionError) in
            let length = try args.int(0)
            let scalars = try args.string(1).unicodeScalars
            if length >= 0 {
                return .string(String(scalars.prefix(length)))
            }
            let keep = length == Int.min ? Int.max : -length
            return .string(String(scalars.suffix(keep)))
        },
        TemplateFunction("quote", .exactly(1)) { context, args throws(TemplateFunctionError) in
            .string(TemplateText.goQuote(try TemplateValues.text(args.value(0), context: &context)))
        },
        TemplateFunction("squote", .exactly(1)) { context, args throws(TemplateFunctionError) in
            .string("'" + (try TemplateValues.text(args.value(0), context: &context)) + "'")
        },
        TemplateFunction("indent", .exactly(2)) { context, args throws(TemplateFunctionError) in
            .string(try indent(try args.int(0), try args.string(1), context: context))
        },
        TemplateFunction("nindent", .exactly(2)) { context, args throws(TemplateFunctionError) in
            .string("\n" + (try indent(try args.int(0), try args.string(1), context: context)))
        },
    ]

    static func unary(_ name: String, _ transform: @escaping @Sendable (String) -> String) -> TemplateFunction {
        TemplateFunction(name, .exactly(1)) { _, args throws(TemplateFunctionError) in
            .string(transform(try args.string(0)))
        }
    }

    private static func binary(_ name: String, _ transform: @escaping @Sendable (String, String) -> String) -> TemplateFunction {
        TemplateFunction(name, .exactly(2)) { _, args throws(TemplateFunctionError) in
            .string(transform(try args.string(0), try args.string(1)))
        }
    }

    private static func predicate(_ name: String, _ test: @escaping @Sendable (String, String) -> Bool) -> TemplateFunction {
        TemplateFunction(name, .exactly(2)) { _, args throws(TemplateFunctionError) in
            .bool(test(try args.string(0), try args.string(1)))
        }
    }

    /// Go's `strings.Title`: upper-cases the first letter of every word.
    static func title(_ text: String) -> String {
        var out = ""
        var atWordStart = true
        for scalar in text.unicodeScalars {
            let isWordCharacter = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
            if atWordStart, isWordCharacter {
                out += String(scalar).uppercased()
            } else {
                out.unicodeScalars.append(scalar)
            }
            atWordStart = !isWordCharacter
        }
        return out
    }

    /// `myAppName` → `my-app-name`, `HTTPServer` → `http-server`.
    static func camelToKebab(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            let isUpper = scalar.properties.isUppercase
            if isUpper, index > 0 {
                let previous = scalars[index - 1]
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                let previousIsWord = previous.properties.isLowercase || previous.properties.numericType != nil
                if previousIsWord || (previous.properties.isUppercase && nextIsLower) { out += "-" }
            }
            out += isUpper ? String(scalar).lowercased() : String(scalar)
        }
        return out
    }

    /// Prefixes every line with `width` spaces (Sprig's `indent`).
    private static func indent(_ width: Int, _ text: String, context: TemplateCallContext) throws(TemplateFunctionError) -> String {
        guard width >= 0 else { throw TemplateFunctionError("negative indent \(width)") }
        try context.checkSize(width)
        let padding = String(repeating: " ", count: width)
        let lines = text.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let (extra, overflow) = lines.multipliedReportingOverflow(by: width)
        guard !overflow else { throw TemplateFunctionError("result exceeds the limit of \(context.limits.maxOutputBytes) bytes") }
        try context.checkSize(text.utf8.count + extra)
        return padding + TemplateText.split(text, separator: "\n").joined(separator: "\n" + padding)
    }
}
