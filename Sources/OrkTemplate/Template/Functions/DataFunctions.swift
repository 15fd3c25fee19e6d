import OrkValue

/// `toBase64 b64enc fromBase64 b64dec toJSON toJson fromJSON sha256sum`.
extension TemplateBuiltins {
    static let data: [TemplateFunction] = [
        base64Encode("toBase64"), base64Encode("b64enc"),
        base64Decode("fromBase64"), base64Decode("b64dec"),
        toJSON("toJSON"), toJSON("toJson"),
        TemplateFunction("fromJSON", .exactly(1)) { context, args throws(TemplateFunctionError) in
            let text = try args.string(0)
            do throws(JSONParseError) {
                return try JSONValue.parse(bytes: text.utf8, maxDepth: Swift.min(256, context.limits.maxValueDepth - 1))
            } catch {
                throw TemplateFunctionError(error.description)
            }
        },
        TemplateFunction("sha256sum", .exactly(1)) { context, args throws(TemplateFunctionError) in
            .string(ContentHash.sha256(try TemplateValues.text(args.value(0), context: &context)))
        },
    ]

    private static func base64Encode(_ name: String) -> TemplateFunction {
        TemplateFunction(name, .exactly(1)) { context, args throws(TemplateFunctionError) in
            .string(Base64.encode(try TemplateValues.text(args.value(0), context: &context).utf8))
        }
    }

    private static func base64Decode(_ name: String) -> TemplateFunction {
        TemplateFunction(name, .exactly(1)) { _, args throws(TemplateFunctionError) in
            guard let bytes = Base64.decode(try args.string(0)) else {
                throw TemplateFunctionError("illegal base64 data")
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        }
    }

    private static func toJSON(_ name: String) -> TemplateFunction {
        TemplateFunction(name, .exactly(1)) { context, args throws(TemplateFunctionError) in
            var out = ""
            var writer = TemplateJSONWriter(limit: context.limits.maxOutputBytes, initial: 0)
            try writer.write(args.value(0), to: &out, context: &context)
            return .string(out)
        }
    }
}
