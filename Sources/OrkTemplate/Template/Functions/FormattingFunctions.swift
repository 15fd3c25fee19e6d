import OrkValue

/// `print printf println`: Go's `fmt.Sprint`, `fmt.Sprintf` and `fmt.Sprintln`, with values
/// printed as in `{{ }}` (null as "", lists and maps as JSON).
extension TemplateBuiltins {
    static let formatting: [TemplateFunction] = [
        TemplateFunction("print", .any) { context, args throws(TemplateFunctionError) in
            var out = ""
            for (offset, argument) in args.enumerated() {
                if offset > 0, !isString(args.value(offset - 1)), !isString(argument) { out += " " }
                out += try TemplateValues.text(argument, context: &context)
                try context.checkSize(out.utf8.count)
            }
            return .string(out)
        },
        TemplateFunction("println", .any) { context, args throws(TemplateFunctionError) in
            var out = ""
            for (offset, argument) in args.enumerated() {
                if offset > 0 { out += " " }
                out += try TemplateValues.text(argument, context: &context)
                try context.checkSize(out.utf8.count)
            }
            return .string(out + "\n")
        },
        TemplateFunction("printf", .atLeast(1)) { context, args throws(TemplateFunctionError) in
            .string(try TemplatePrintf.format(try args.string(0), Array(args.dropFirst()), context: &context))
        },
    ]

    private static func isString(_ value: JSONValue) -> Bool {
        if case .string = value { return true }
        return false
    }
}
