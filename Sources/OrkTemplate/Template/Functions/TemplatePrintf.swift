#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import OrkValue

/// Go's `fmt.Sprintf` for the verbs `%v %s %q %d %b %o %x %X %c %t %f %F %e %E %g %G %%`, with
/// the flags `- + # 0 space`, width and precision. Mismatches print Go-style (`%!d(string=x)`,
/// `%!s(MISSING)`, `%!(EXTRA …)`) rather than failing.
enum TemplatePrintf {
    struct Spec {
        var minus = false, plus = false, space = false, zero = false, sharp = false
        var width: Int?
        var precision: Int?
    }

    static let maxWidth = 10_000

    static func format(_ format: String, _ args: [JSONValue],
                       context: inout TemplateCallContext) throws(TemplateFunctionError) -> String {
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            i += 1
            if c != "%" {
                out.unicodeScalars.append(c)
                continue
            }
            var spec = Spec()
            flags: while i < scalars.count {
                switch scalars[i] {
                case "-": spec.minus = true
                case "+": spec.plus = true
                case " ": spec.space = true
                case "0": spec.zero = true
                case "#": spec.sharp = true
                default: break flags
                }
                i += 1
            }
            spec.width = try number(scalars, &i)
            if i < scalars.count, scalars[i] == "." {
                i += 1
                spec.precision = try number(scalars, &i) ?? 0
            }
            guard i < scalars.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = scalars[i]
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let argument = args[argIndex]
            argIndex += 1
            out += try formatOne(verb, argument, spec, context: &context)
            try context.checkSize(out.utf8.count)
        }
        if argIndex < args.count {
            var extras: [String] = []
            for argument in args[argIndex...] {
                extras.append("\(argument.typeName)=\(try TemplateValues.text(argument, context: &context))")
            }
            out += "%!(EXTRA " + extras.joined(separator: ", ") + ")"
            try context.checkSize(out.utf8.count)
        }
        return out
    }

    private static func number(_ scalars: [Unicode.Scalar], _ i: inout Int) throws(TemplateFunctionError) -> Int? {
        var value: Int?
        while i < scalars.count, let digit = Int(String(scalars[i])), scalars[i].isASCII {
            value = (value ?? 0) * 10 + digit
            if let current = value, current > maxWidth {
                throw TemplateFunctionError("printf width or precision larger than \(maxWidth)")
            }
            i += 1
        }
        return value
    }

    private static func bad(_ verb: Unicode.Scalar, _ argument: JSONValue,
                            context: inout TemplateCallContext) throws(TemplateFunctionError) -> String {
        "%!\(verb)(\(argument.typeName)=\(try TemplateValues.text(argument, context: &context)))"
    }

    private static func formatOne(_ verb: Unicode.Scalar, _ argument: JSONValue, _ spec: Spec,
                                  context: inout TemplateCallContext) throws(TemplateFunctionError) -> String {
        switch verb {
        case "v", "s":
            var text = try TemplateValues.text(argument, context: &context)
            if let precision = spec.precision { text = String(text.unicodeScalars.prefix(precision)) }
            return pad(text, spec)
        case "q":
            var text = try TemplateValues.text(argument, context: &context)
            if let precision = spec.precision { text = String(text.unicodeScalars.prefix(precision)) }
            return pad(TemplateText.goQuote(text), spec)
        case "t":
            guard case .bool(let flag) = argument else { return try bad(verb, argument, context: &context) }
            return pad(flag ? "true" : "false", spec)
        case "d", "b", "o", "x", "X", "c":
            if case .string(let text) = argument, verb == "x" || verb == "X" {
                var hex = text.utf8.map { TemplateText.hex(UInt32($0), width: 2) }.joined()
                if verb == "X" { hex = hex.uppercased() }
                return pad(spec.sharp ? "0x" + hex : hex, spec)
            }
            guard let integer = integerValue(argument) else { return try bad(verb, argument, context: &context) }
            if verb == "c" {
                guard integer >= 0, integer <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(integer)) else {
                    return pad("\u{FFFD}", spec)
                }
                return pad(String(scalar), spec)
            }
            return formatInteger(integer, verb, spec)
        case "f", "F", "e", "E", "g", "G":
            let value: Double
            switch argument {
            case .int(let number): value = Double(number)
            case .double(let number): value = number
            default: return try bad(verb, argument, context: &context)
            }
            return formatFloat(value, verb, spec)
        default:
            return try bad(verb, argument, context: &context)
        }
    }

    private static func integerValue(_ argument: JSONValue) -> Int? {
        switch argument {
        case .int(let number): return number
        case .double(let number) where number.rounded() == number: return templateInt(truncating: number)
        default: return nil
        }
    }

    private static func formatInteger(_ integer: Int, _ verb: Unicode.Scalar, _ spec: Spec) -> String {
        let radix: Int
        var prefix = ""
        switch verb {
        case "b": radix = 2; if spec.sharp { prefix = "0b" }
        case "o": radix = 8; if spec.sharp { prefix = "0" }
        case "x": radix = 16; if spec.sharp { prefix = "0x" }
        case "X": radix = 16; if spec.sharp { prefix = "0X" }
        default: radix = 10
        }
        var digits = String(integer.magnitude, radix: radix, uppercase: verb == "X")
        if let precision = spec.precision {
            if precision == 0, integer == 0 { digits = "" }
            if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        }
        let sign = integer < 0 ? "-" : (spec.plus ? "+" : (spec.space ? " " : ""))
        let body = prefix + digits
        if spec.zero, !spec.minus, spec.precision == nil, let width = spec.width, sign.count + body.count < width {
            return sign + prefix + String(repeating: "0", count: width - sign.count - body.count) + digits
        }
        return pad(sign + body, spec)
    }

    private static func formatFloat(_ value: Double, _ verb: Unicode.Scalar, _ spec: Spec) -> String {
        if !value.isFinite {
            var plain = spec
            plain.zero = false
            return pad(value.isNaN ? "NaN" : (value > 0 ? "+Inf" : "-Inf"), plain)
        }
        if (verb == "g" || verb == "G"), spec.precision == nil {
            var text = JSONValue.double(value).plainText
            if value.rounded() == value, abs(value) >= 1e21 { text = String(value) }
            if verb == "G" { text = text.uppercased() }
            if value >= 0 || text.first != "-" {
                if spec.plus, value >= 0 { text = "+" + text } else if spec.space, value >= 0 { text = " " + text }
            }
            return zeroPad(text, spec)
        }
        var cFormat = "%"
        if spec.minus { cFormat += "-" }
        if spec.plus { cFormat += "+" }
        if spec.space { cFormat += " " }
        if spec.zero { cFormat += "0" }
        if spec.sharp { cFormat += "#" }
        if let width = spec.width { cFormat += String(width) }
        if let precision = spec.precision { cFormat += "." + String(precision) }
        cFormat += verb == "F" ? "f" : String(verb)
        return cFormatted(cFormat, value)
    }

    private static func zeroPad(_ text: String, _ spec: Spec) -> String {
        guard spec.zero, !spec.minus, let width = spec.width, text.count < width else { return pad(text, spec) }
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" || first == " " {
            sign = String(first)
            body = body.dropFirst()
        }
        return sign + String(repeating: "0", count: width - text.count) + body
    }

    /// Pads to the width (in Unicode scalars) with spaces, left- or right-justified.
    static func pad(_ text: String, _ spec: Spec) -> String {
        guard let width = spec.width else { return text }
        let length = text.unicodeScalars.count
        guard length < width else { return text }
        let padding = String(repeating: spec.zero && !spec.minus ? "0" : " ", count: width - length)
        return spec.minus ? text + padding : padding + text
    }

    /// C's printf for one double; `format` is built from the parsed flags above and holds exactly one
    /// floating-point conversion (width and precision at most `maxWidth`). Measured first, then written.
    /// Runs in the "C" locale on this thread (`uselocale`): `ork control` adopts the user's locale for
    /// curses, and under e.g. LC_NUMERIC=de_DE C's printf would write "1,50" where Go writes "1.50".
    private static func cFormatted(_ format: String, _ value: Double) -> String {
        let previous = CLocale.value.flatMap { uselocale($0) }
        defer { if let previous { _ = uselocale(previous) } }
        let needed = withVaList([value]) { vsnprintf(nil, 0, format, $0) }
        guard needed > 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: Int(needed) + 1)
        let written = buffer.withUnsafeMutableBufferPointer { out in
            withVaList([value]) { vsnprintf(out.baseAddress, out.count, format, $0) }
        }
        guard written == needed else { return "" }
        return String(decoding: buffer.prefix(Int(needed)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// The "C" locale, made once (`newlocale`; a nil base gives every category C's; nil only if the C library cannot).
enum CLocale {
    nonisolated(unsafe) static let value: locale_t? = newlocale(LC_NUMERIC_MASK, "C", nil)
}
