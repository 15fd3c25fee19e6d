/// `toInt toFloat toBool toString typeOf`.
extension TemplateBuiltins {
    static let types: [TemplateFunction] = [
        TemplateFunction("toInt", .exactly(1)) { _, args throws(TemplateFunctionError) in
            let value = args.value(0)
            switch value {
            case .int: return value
            case .null: return .int(0)
            case .bool(let flag): return .int(flag ? 1 : 0)
            case .double(let number):
                guard let converted = templateInt(truncating: number) else {
                    throw TemplateFunctionError("cannot convert \(value.plainText) to int")
                }
                return .int(converted)
            case .string(let text):
                switch TemplateNumber.parse(text) {
                case .int(let number)?: return .int(number)
                case .double(let number)?:
                    if let converted = templateInt(truncating: number) { return .int(converted) }
                case nil: break
                }
                throw TemplateFunctionError("cannot convert \(TemplateValues.preview(value)) to int")
            case .array, .object:
                throw TemplateFunctionError("cannot convert \(value.typeName) to int")
            }
        },
        TemplateFunction("toFloat", .exactly(1)) { _, args throws(TemplateFunctionError) in
            let value = args.value(0)
            switch value {
            case .int(let number): return .double(Double(number))
            case .double: return value
            case .null: return .double(0)
            case .bool(let flag): return .double(flag ? 1 : 0)
            case .string(let text):
                if let number = TemplateNumber.parse(text) { return .double(number.doubleValue) }
                throw TemplateFunctionError("cannot convert \(TemplateValues.preview(value)) to float")
            case .array, .object:
                throw TemplateFunctionError("cannot convert \(value.typeName) to float")
            }
        },
        TemplateFunction("toBool", .exactly(1)) { _, args throws(TemplateFunctionError) in
            let value = args.value(0)
            switch value {
            case .string(let text):
                switch TemplateText.trimSpace(text) {
                case "1", "t", "T", "true", "TRUE", "True", "yes", "y", "on": return .bool(true)
                case "0", "f", "F", "false", "FALSE", "False", "no", "n", "off", "": return .bool(false)
                default: throw TemplateFunctionError("cannot convert \(TemplateValues.preview(value)) to bool")
                }
            default:
                return .bool(TemplateValues.isTruthy(value))
            }
        },
        TemplateFunction("toString", .exactly(1)) { context, args throws(TemplateFunctionError) in
            .string(try TemplateValues.text(args.value(0), context: &context))
        },
        TemplateFunction("typeOf", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .string(args.value(0).typeName)
        },
    ]
}
