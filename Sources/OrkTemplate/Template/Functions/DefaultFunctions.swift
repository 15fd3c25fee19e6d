/// `default coalesce empty notEmpty ternary`. "Empty" is Go's falsiness: null, false, 0, "",
/// and empty lists and maps. Argument order follows Sprig (the tested value comes last), so
/// `{{ .spec.image | default "nginx" }}` reads naturally.
extension TemplateBuiltins {
    static let defaults: [TemplateFunction] = [
        TemplateFunction("default", .between(1, 2)) { _, args throws(TemplateFunctionError) in
            let given = args.value(1)
            return TemplateValues.isTruthy(given) ? given : args.value(0)
        },
        TemplateFunction("coalesce", .any) { _, args throws(TemplateFunctionError) in
            args.first(where: TemplateValues.isTruthy) ?? .null
        },
        TemplateFunction("empty", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .bool(!TemplateValues.isTruthy(args.value(0)))
        },
        TemplateFunction("notEmpty", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .bool(TemplateValues.isTruthy(args.value(0)))
        },
        TemplateFunction("ternary", .exactly(3)) { _, args throws(TemplateFunctionError) in
            TemplateValues.isTruthy(args.value(2)) ? args.value(0) : args.value(1)
        },
    ]
}
