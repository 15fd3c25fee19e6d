/// Builds the node tree from tokens: text, actions and the `if` / `with` / `range` blocks.
/// Pipelines and operands are in TemplateParser+Pipeline.swift. Every problem is a
/// `TemplateError` at the offending token; nesting is bounded by `TemplateLimits.maxNesting`.
struct TemplateParser {
    struct Program: Sendable {
        var nodes: [TemplateNode]
        var slotCount: Int
    }

    enum ElseKind { case plain, elseIf, elseWith }

    enum Terminator {
        case endOfInput
        case end(TemplateLocation)
        case elseClause(TemplateLocation, ElseKind)
    }

    let tokens: [TemplateToken]
    var index = 0
    let functions: TemplateFunctions
    var scopes: [[String: Int]] = [[:]]
    var slotCount = 0
    var depth = 0
    var rangeDepth = 0

    static func parse(_ source: String, functions: TemplateFunctions) throws(TemplateError) -> Program {
        var parser = TemplateParser(tokens: try TemplateLexer.tokenize(source), functions: functions)
        let (nodes, terminator) = try parser.parseList()
        switch terminator {
        case .endOfInput: break
        case .end(let location): throw TemplateError(at: location, "unexpected {{end}}")
        case .elseClause(let location, _): throw TemplateError(at: location, "unexpected {{else}}")
        }
        return Program(nodes: nodes, slotCount: parser.slotCount)
    }

    private init(tokens: [TemplateToken], functions: TemplateFunctions) {
        self.tokens = tokens
        self.functions = functions
    }

    // MARK: Token access

    var peek: TemplateToken { token(at: index) }

    func token(at position: Int) -> TemplateToken {
        if position >= 0, position < tokens.count { return tokens[position] }
        let last = tokens.last?.location ?? .start
        return TemplateToken(kind: .endOfInput, location: last, spaceBefore: false)
    }

    mutating func next() -> TemplateToken {
        let current = peek
        if index < tokens.count { index += 1 }
        return current
    }

    mutating func expectRightDelimiter(after what: String) throws(TemplateError) {
        let token = next()
        guard token.kind == .rightDelim else {
            throw TemplateError(at: token.location, "unexpected \(token.display) in {{\(what)}}")
        }
    }

    mutating func enterNesting(at location: TemplateLocation) throws(TemplateError) {
        depth += 1
        guard depth <= TemplateLimits.maxNesting else {
            throw TemplateError(at: location, "template nested too deeply (more than \(TemplateLimits.maxNesting) levels)")
        }
    }

    mutating func leaveNesting() { depth -= 1 }

    // MARK: Lists and control structures

    /// Parses nodes up to `{{end}}`, `{{else …}}` or the end of input.
    mutating func parseList() throws(TemplateError) -> ([TemplateNode], Terminator) {
        var nodes: [TemplateNode] = []
        // Adjacent text runs (split by comments) are joined; appending in place keeps it linear.
        var pendingText: String?
        var pendingLocation = TemplateLocation.start
        func flush(_ nodes: inout [TemplateNode]) {
            if let text = pendingText { nodes.append(.text(text, pendingLocation)) }
            pendingText = nil
        }
        while true {
            let token = next()
            switch token.kind {
            case .endOfInput:
                flush(&nodes)
                return (nodes, .endOfInput)
            case .text(let text):
                if var joined = pendingText {
                    pendingText = nil
                    joined += text
                    pendingText = joined
                } else {
                    pendingText = text
                    pendingLocation = token.location
                }
            case .leftDelim:
                flush(&nodes)
                if let terminator = try parseAction(into: &nodes, at: token.location) {
                    return (nodes, terminator)
                }
            default:
                throw TemplateError(at: token.location, "unexpected \(token.display)")
            }
        }
    }

    /// Parses one action after `{{`; returns a terminator for `end` / `else`.
    private mutating func parseAction(into nodes: inout [TemplateNode],
                                      at start: TemplateLocation) throws(TemplateError) -> Terminator? {
        if case .identifier(let word) = peek.kind {
            switch word {
            case "end":
                _ = next()
                try expectRightDelimiter(after: "end")
                return .end(start)
            case "else":
                _ = next()
                return .elseClause(start, try parseElse())
            case "if", "with":
                _ = next()
                nodes.append(.conditional(try parseConditional(isWith: word == "with", at: start)))
                return nil
            case "range":
                _ = next()
                nodes.append(.range(try parseRange(at: start)))
                return nil
            case "break", "continue":
                _ = next()
                guard rangeDepth > 0 else { throw TemplateError(at: start, "{{\(word)}} outside {{range}}") }
                try expectRightDelimiter(after: word)
                nodes.append(word == "break" ? .breakLoop(start) : .continueLoop(start))
                return nil
            case "define", "template", "block":
                throw TemplateError(at: start, "{{\(word)}} is not supported")
            default:
                break
            }
        }
        let pipeline = try parsePipeline(context: "command", declarations: 1, closer: .rightDelim)
        nodes.append(pipeline.variables.isEmpty ? .output(pipeline) : .assign(pipeline))
        return nil
    }

    private mutating func parseElse() throws(TemplateError) -> ElseKind {
        let token = peek
        switch token.kind {
        case .rightDelim:
            _ = next()
            return .plain
        case .identifier("if"):
            _ = next()
            return .elseIf
        case .identifier("with"):
            _ = next()
            return .elseWith
        default:
            throw TemplateError(at: token.location, "unexpected \(token.display) in {{else}}")
        }
    }

    private mutating func parseConditional(isWith: Bool, at start: TemplateLocation) throws(TemplateError) -> TemplateConditional {
        let keyword = isWith ? "with" : "if"
        try enterNesting(at: start)
        scopes.append([:])
        var branches: [TemplateBranch] = []
        var elseBody: [TemplateNode] = []
        branchLoop: while true {
            let pipeline = try parsePipeline(context: keyword, declarations: 1, closer: .rightDelim)
            let (body, terminator) = try parseScopedList()
            branches.append(TemplateBranch(pipeline: pipeline, body: body))
            switch terminator {
            case .end:
                break branchLoop
            case .endOfInput:
                throw TemplateError(at: start, "unclosed {{\(keyword)}}: missing {{end}}")
            case .elseClause(let location, let kind):
                switch kind {
                case .elseIf where !isWith, .elseWith where isWith:
                    continue branchLoop
                case .elseIf, .elseWith:
                    throw TemplateError(at: location, "{{else \(isWith ? "if" : "with")}} is not allowed in {{\(keyword)}}")
                case .plain:
                    elseBody = try parseFinalElse(keyword: keyword, start: start)
                    break branchLoop
                }
            }
        }
        scopes.removeLast()
        leaveNesting()
        return TemplateConditional(isWith: isWith, branches: branches, elseBody: elseBody)
    }

    private mutating func parseRange(at start: TemplateLocation) throws(TemplateError) -> TemplateRange {
        try enterNesting(at: start)
        scopes.append([:])
        let pipeline = try parsePipeline(context: "range", declarations: 2, closer: .rightDelim)
        rangeDepth += 1
        let (body, terminator) = try parseScopedList()
        rangeDepth -= 1
        var elseBody: [TemplateNode] = []
        switch terminator {
        case .end:
            break
        case .endOfInput:
            throw TemplateError(at: start, "unclosed {{range}}: missing {{end}}")
        case .elseClause(let location, let kind):
            guard kind == .plain else {
                throw TemplateError(at: location, "{{else \(kind == .elseIf ? "if" : "with")}} is not allowed in {{range}}")
            }
            elseBody = try parseFinalElse(keyword: "range", start: start)
        }
        scopes.removeLast()
        leaveNesting()
        return TemplateRange(pipeline: pipeline, body: body, elseBody: elseBody)
    }

    /// The list after a plain `{{else}}`, which must end with `{{end}}`.
    private mutating func parseFinalElse(keyword: String, start: TemplateLocation) throws(TemplateError) -> [TemplateNode] {
        let (body, terminator) = try parseScopedList()
        switch terminator {
        case .end:
            return body
        case .endOfInput:
            throw TemplateError(at: start, "unclosed {{\(keyword)}}: missing {{end}}")
        case .elseClause(let location, _):
            throw TemplateError(at: location, "unexpected {{else}} after {{else}} in {{\(keyword)}}")
        }
    }

    private mutating func parseScopedList() throws(TemplateError) -> ([TemplateNode], Terminator) {
        scopes.append([:])
        let result = try parseList()
        scopes.removeLast()
        return result
    }
}
