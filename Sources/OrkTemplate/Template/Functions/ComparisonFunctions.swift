/// `eq ne lt le gt ge and or not`.
extension TemplateBuiltins {
    static let comparison: [TemplateFunction] = [
        TemplateFunction("eq", .atLeast(2)) { context, args throws(TemplateFunctionError) in
            let first = args.value(0)
            for other in args.dropFirst() {
                if try TemplateValues.equal(first, other, context: &context) { return .bool(true) }
            }
            return .bool(false)
        },
        TemplateFunction("ne", .exactly(2)) { context, args throws(TemplateFunctionError) in
            .bool(try !TemplateValues.equal(args.value(0), args.value(1), context: &context))
        },
        ordering("lt") { $0 < 0 },
        ordering("le") { $0 <= 0 },
        ordering("gt") { $0 > 0 },
        ordering("ge") { $0 >= 0 },
        TemplateFunction(special: "and", kind: .and),
        TemplateFunction(special: "or", kind: .or),
        TemplateFunction("not", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .bool(!TemplateValues.isTruthy(args.value(0)))
        },
    ]

    private static func ordering(_ name: String, _ test: @escaping @Sendable (Int) -> Bool) -> TemplateFunction {
        TemplateFunction(name, .exactly(2)) { _, args throws(TemplateFunctionError) in
            .bool(test(try TemplateValues.compare(args.value(0), args.value(1))))
        }
    }
}
