/// The label selector lexer and parser (a class: mutable parsers stay out of structs, see the package notes).
final class LabelSelectorParser {
    enum Token: Equatable {
        case identifier(String)
        case openParen, closeParen, comma, not, equals, doubleEquals, notEquals, greater, less
        case end

        var text: String {
            switch self {
            case .identifier(let s): return s
            case .openParen: return "("
            case .closeParen: return ")"
            case .comma: return ","
            case .not: return "!"
            case .equals: return "="
            case .doubleEquals: return "=="
            case .notEquals: return "!="
            case .greater: return ">"
            case .less: return "<"
            case .end: return "EOS"
            }
        }
    }

    private var tokens: [Token] = []
    private var position = 0
    private let text: String

    init(_ text: String) {
        self.text = text
        self.tokens = LabelSelectorParser.lex(text)
    }

    static func lex(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isSpecial(_ s: Unicode.Scalar) -> Bool { "=!(),><".unicodeScalars.contains(s) }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace { index += 1; continue }
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "(": tokens.append(.openParen); index += 1
            case ")": tokens.append(.closeParen); index += 1
            case ",": tokens.append(.comma); index += 1
            case ">": tokens.append(.greater); index += 1
            case "<": tokens.append(.less); index += 1
            case "!":
                if next == "=" { tokens.append(.notEquals); index += 2 } else { tokens.append(.not); index += 1 }
            case "=":
                if next == "=" { tokens.append(.doubleEquals); index += 2 } else { tokens.append(.equals); index += 1 }
            default:
                var identifier = String.UnicodeScalarView()
                while index < scalars.count, !isSpecial(scalars[index]), !scalars[index].properties.isWhitespace {
                    identifier.append(scalars[index])
                    index += 1
                }
                tokens.append(.identifier(String(identifier)))
            }
        }
        tokens.append(.end)
        return tokens
    }

    private func peek() -> Token { position < tokens.count ? tokens[position] : .end }

    private func advance() -> Token {
        let token = peek()
        if position < tokens.count { position += 1 }
        return token
    }

    private func failure(_ detail: String) -> SandboxError {
        SandboxError.badRequest("unable to parse requirement: \(detail)")
    }

    func parse() throws(SandboxError) -> LabelSelector {
        var requirements: [LabelSelector.Requirement] = []
        if peek() == .end { return LabelSelector(requirements: []) }
        while true {
            requirements.append(try parseRequirement())
            switch advance() {
            case .end: return LabelSelector(requirements: requirements)
            case .comma:
                if peek() == .end { throw failure("found 'EOS', expected: identifier after ','") }
            case let other: throw failure("found '\(other.text)', expected: ',' or 'end of string'")
            }
        }
    }

    private func parseRequirement() throws(SandboxError) -> LabelSelector.Requirement {
        if peek() == .not {
            _ = advance()
            let key = try parseKey()
            return LabelSelector.Requirement(key: key, op: .doesNotExist, values: [])
        }
        let key = try parseKey()
        switch peek() {
        case .end, .comma:
            return LabelSelector.Requirement(key: key, op: .exists, values: [])
        case .equals, .doubleEquals:
            _ = advance()
            return LabelSelector.Requirement(key: key, op: .equals, values: [try parseSingleValue()])
        case .notEquals:
            _ = advance()
            return LabelSelector.Requirement(key: key, op: .notEquals, values: [try parseSingleValue()])
        case .greater, .less:
            let op: LabelSelector.Operator = advance() == .greater ? .greaterThan : .lessThan
            guard case .identifier(let value) = advance(), Int64(value) != nil else {
                throw failure("for 'Gt', 'Lt' operators, the value must be an integer")
            }
            return LabelSelector.Requirement(key: key, op: op, values: [value])
        case .identifier(let word) where word == "in" || word == "notin":
            _ = advance()
            let values = try parseValueSet()
            if values.isEmpty { throw failure("for 'in', 'notin' operators, values set can't be empty") }
            return LabelSelector.Requirement(key: key, op: word == "in" ? .in : .notIn, values: values)
        case let other:
            throw failure("found '\(other.text)', expected: in, notin, =, ==, !=, gt, lt")
        }
    }

    private func parseKey() throws(SandboxError) -> String {
        guard case .identifier(let key) = advance() else {
            throw failure("found '\(tokens[max(0, position - 1)].text)', expected: identifier")
        }
        let problems = NameValidation.qualifiedNameProblems(key)
        if !problems.isEmpty { throw SandboxError.badRequest("unable to parse requirement: invalid label key \"\(key)\": \(problems.joined(separator: "; "))") }
        return key
    }

    private func parseSingleValue() throws(SandboxError) -> String {
        switch peek() {
        case .end, .comma:
            return ""   // `a=` selects the empty value
        case .identifier(let value):
            _ = advance()
            try validateValue(value)
            return value
        case let other:
            throw failure("found '\(other.text)', expected: identifier")
        }
    }

    private func parseValueSet() throws(SandboxError) -> [String] {
        guard advance() == .openParen else {
            throw failure("found '\(tokens[max(0, position - 1)].text)', expected: '('")
        }
        var values: [String] = []
        if peek() == .closeParen { _ = advance(); return values }
        while true {
            switch peek() {
            case .identifier(let value):
                _ = advance()
                try validateValue(value)
                values.append(value)
            case .comma, .closeParen:
                values.append("")
            case let other:
                throw failure("found '\(other.text)', expected: ',', ')' or identifier")
            }
            switch advance() {
            case .comma: continue
            case .closeParen: return values
            case let other: throw failure("found '\(other.text)', expected: ',' or ')'")
            }
        }
    }

    private func validateValue(_ value: String) throws(SandboxError) {
        let problems = NameValidation.labelValueProblems(value)
        if !problems.isEmpty {
            throw SandboxError.badRequest("unable to parse requirement: invalid label value: \"\(value)\": at key: \(problems.joined(separator: "; "))")
        }
    }
}
