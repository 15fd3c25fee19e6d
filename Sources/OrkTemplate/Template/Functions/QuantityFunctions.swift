import OrkValue

/// Kubernetes resource quantities: `parseQuantity formatQuantity addQuantity`.
extension TemplateBuiltins {
    static let quantities: [TemplateFunction] = [
        TemplateFunction("parseQuantity", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .double(try TemplateQuantity.value(args.value(0)))
        },
        TemplateFunction("formatQuantity", .exactly(1)) { _, args throws(TemplateFunctionError) in
            .string(try TemplateQuantity.format(try TemplateQuantity.value(args.value(0))))
        },
        TemplateFunction("addQuantity", .atLeast(2)) { _, args throws(TemplateFunctionError) in
            var total = 0.0
            for argument in args { total += try TemplateQuantity.value(argument) }
            return .string(try TemplateQuantity.format(total))
        },
    ]
}

/// Parsing and canonical formatting of quantities such as `500m`, `1.5Gi`, `2k`, `1e3`.
enum TemplateQuantity {
    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
    private static let decimalSuffixes = ["", "k", "M", "G", "T", "P", "E"]

    /// The number of base units of a quantity string or number (null is 0).
    static func value(_ argument: JSONValue) throws(TemplateFunctionError) -> Double {
        switch argument {
        case .int(let number): return Double(number)
        case .double(let number) where number.isFinite: return number
        case .null: return 0
        case .string(let text):
            guard let value = parse(text) else { throw TemplateFunctionError("invalid quantity \(TemplateValues.preview(argument))") }
            return value
        default:
            throw TemplateFunctionError("invalid quantity \(TemplateValues.preview(argument))")
        }
    }

    static func parse(_ text: String) -> Double? {
        let trimmed = TemplateText.trimSpace(text)
        var numberEnd = trimmed.utf8.startIndex
        var sawDigit = false
        var sawDot = false
        for (offset, byte) in trimmed.utf8.enumerated() {
            if offset == 0, byte == 0x2B || byte == 0x2D {
                numberEnd = trimmed.utf8.index(after: numberEnd)
                continue
            }
            if byte >= 0x30, byte <= 0x39 {
                sawDigit = true
            } else if byte == 0x2E, !sawDot {
                sawDot = true
            } else {
                break
            }
            numberEnd = trimmed.utf8.index(after: numberEnd)
        }
        guard sawDigit else { return nil }
        var numberText = String(trimmed[..<numberEnd])
        if numberText.hasSuffix(".") { numberText += "0" }
        numberText = numberText.replacingOccurrencesOfLeadingDot()
        guard let number = Double(numberText) else { return nil }
        let suffix = String(trimmed[numberEnd...])
        let result: Double
        if let power = binarySuffixes.firstIndex(of: suffix), !suffix.isEmpty {
            result = number * pow1024(power)
        } else if let power = decimalSuffixes.firstIndex(of: suffix) {
            result = number * pow1000(power)
        } else {
            switch suffix {
            case "m": result = number / 1e3
            case "u": result = number / 1e6
            case "n": result = number / 1e9
            default:
                guard let first = suffix.utf8.first, first == 0x65 || first == 0x45 else { return nil }
                let exponentText = suffix.dropFirst()
                let digits = exponentText.drop(while: { $0 == "+" || $0 == "-" })
                guard exponentText.count - digits.count <= 1, !digits.isEmpty, digits.count <= 3,
                      digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let scale = Double("1e" + exponentText) else { return nil }
                result = scale >= 1 ? number * scale : number / (1 / scale)
            }
        }
        return result.isFinite ? result : nil
    }

    private static func pow1024(_ power: Int) -> Double {
        var result = 1.0
        for _ in 0..<power { result *= 1024 }
        return result
    }

    private static func pow1000(_ power: Int) -> Double {
        var result = 1.0
        for _ in 0..<power { result *= 1000 }
        return result
    }

    /// Canonical text: integers use the largest binary suffix that divides them exactly (`1Gi`),
    /// else the largest decimal one (`2k`, `1500`); fractions use `m`, `u` or `n` (`500m`),
    /// rounded to the nearest nano unit.
    static func format(_ value: Double) throws(TemplateFunctionError) -> String {
        guard value.isFinite else { throw TemplateFunctionError("quantity is not a finite number") }
        let sign = value < 0 ? "-" : ""
        let magnitude = Swift.abs(value)
        if magnitude.rounded() == magnitude {
            guard let integer = templateInt(truncating: magnitude) else { return sign + String(magnitude) }
            if integer == 0 { return "0" }
            var quotient = integer
            var power = 0
            while quotient % 1024 == 0, power < 6 {
                quotient /= 1024
                power += 1
            }
            if power > 0 { return sign + String(quotient) + binarySuffixes[power] }
            while quotient % 1000 == 0, power < 6 {
                quotient /= 1000
                power += 1
            }
            return sign + String(quotient) + decimalSuffixes[power]
        }
        for (suffix, scale) in [("m", 1e3), ("u", 1e6), ("n", 1e9)] {
            let scaled = magnitude * scale
            let rounded = scaled.rounded()
            guard let integer = templateInt(truncating: rounded) else { break }
            if suffix == "n" || Swift.abs(scaled - rounded) <= 1e-9 * Swift.max(1, scaled) {
                return integer == 0 ? "0" : sign + String(integer) + suffix
            }
        }
        return sign + String(magnitude)
    }
}

extension String {
    fileprivate func replacingOccurrencesOfLeadingDot() -> String {
        if hasPrefix(".") { return "0" + self }
        if hasPrefix("-.") || hasPrefix("+.") { return String(prefix(1)) + "0" + dropFirst() }
        return self
    }
}
