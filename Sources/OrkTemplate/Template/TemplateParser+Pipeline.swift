/// Pipelines, commands and operands.
extension TemplateParser {
    enum Closer { case rightDelim, rightParen }

    /// An operand before it is known whether it starts a call.
    enum Operand {
        case function(TemplateFunction, TemplateLocation)
        case value(TemplateExpression, display: String, isNil: Bool, TemplateLocation)
    }

    /// `[$x :=] command | command …` up to the closing `}}` or `)` (consumed).
    mutating func parsePipeline(context: String, declarations: Int,
                                closer: Closer) throws(TemplateError) -> TemplatePipeline {
        let start = peek.location
        let (names, isAssignment) = try parseDeclaration(context: context, allowed: declarations)
        var assignedSlots: [Int] = []
        if isAssignment {
            for (name, location) in names {
                guard name != "$" else { throw TemplateError(at: location, "cannot assign to $") }
                guard let slot = resolve(name) else { throw TemplateError(at: location, "undefined variable \"\(name)\"") }
                assignedSlots.append(slot)
            }
        }
        let closerToken = peek
        if isCloser(closerToken, closer) {
            throw TemplateError(at: closerToken.location, "missing value for \(context)")
        }
        let head = try parseCommand(stage: 0, context: context)
        var stages: [TemplateCall] = []
        while peek.kind == .pipe {
            let pipe = next()
            let stageNumber = stages.count + 1
            guard case .call(let call) = try parseCommand(stage: stageNumber, context: context, after: pipe.location) else {
                throw TemplateError(at: pipe.location, "non-function value in pipeline stage \(stageNumber + 1)")
            }
            stages.append(call)
        }
        try expectCloser(closer, context: context)
        var slots = assignedSlots
        if !isAssignment {
            for (name, location) in names {
                guard name != "$" else { throw TemplateError(at: location, "cannot declare $") }
                slots.append(declare(name))
            }
        }
        return TemplatePipeline(variables: slots, isAssignment: isAssignment, head: head,
                                stages: stages, location: start)
    }

    private func isCloser(_ token: TemplateToken, _ closer: Closer) -> Bool {
        switch (token.kind, closer) {
        case (.rightDelim, .rightDelim), (.rightParen, .rightParen): return true
        default: return false
        }
    }

    private mutating func expectCloser(_ closer: Closer, context: String) throws(TemplateError) {
        let token = next()
        if isCloser(token, closer) { return }
        switch (token.kind, closer) {
        case (.rightDelim, .rightParen), (.endOfInput, .rightParen):
            throw TemplateError(at: token.location, "unclosed left paren")
        case (.rightParen, .rightDelim):
            throw TemplateError(at: token.location, "unexpected \")\"")
        default:
            throw TemplateError(at: token.location, "unexpected \(token.display) in \(context)")
        }
    }

    /// `$x :=`, `$x =`, and in `range` also `$i, $v :=`. Returns the names and whether it is `=`.
    private mutating func parseDeclaration(context: String,
                                           allowed: Int) throws(TemplateError) -> ([(String, TemplateLocation)], Bool) {
        guard allowed > 0, case .variable(let first) = peek.kind else { return ([], false) }
        let firstLocation = peek.location
        switch token(at: index + 1).kind {
        case .declare, .assign:
            let isAssignment = token(at: index + 1).kind == .assign
            index += 2
            return ([(first, firstLocation)], isAssignment)
        case .comma:
            guard allowed >= 2 else {
                throw TemplateError(at: token(at: index + 1).location, "too many declarations in \(context)")
            }
            guard case .variable(let second) = token(at: index + 2).kind else {
                throw TemplateError(at: token(at: index + 2).location, "expected a variable after \",\" in \(context)")
            }
            let secondLocation = token(at: index + 2).location
            let operatorToken = token(at: index + 3)
            if operatorToken.kind == .comma {
                throw TemplateError(at: operatorToken.location, "too many declarations in \(context)")
            }
            guard operatorToken.kind == .declare || operatorToken.kind == .assign else {
                throw TemplateError(at: operatorToken.location, "expected \":=\" or \"=\" after \(context) variables")
            }
            index += 4
            return ([(first, firstLocation), (second, secondLocation)], operatorToken.kind == .assign)
        default:
            return ([], false)
        }
    }

    func resolve(_ name: String) -> Int? {
        for scope in scopes.reversed() {
            if let slot = scope[name] { return slot }
        }
        return nil
    }

    private mutating func declare(_ name: String) -> Int {
        let slot = slotCount
        slotCount += 1
        if scopes.isEmpty { scopes.append([:]) }
        scopes[scopes.count - 1][name] = slot
        return slot
    }

    // MARK: Commands

    /// One command: a function call with arguments, or a single value (only in stage 0).
    private mutating func parseCommand(stage: Int, context: String,
                                       after pipe: TemplateLocation? = nil) throws(TemplateError) -> TemplateExpression {
        var operands: [Operand] = []
        operandLoop: while true {
            let token = peek
            switch token.kind {
            case .pipe, .rightDelim, .rightParen, .endOfInput:
                break operandLoop
            default:
                if !operands.isEmpty, !token.spaceBefore {
                    throw TemplateError(at: token.location, "unexpected \(token.display) in operand (missing space?)")
                }
                operands.append(try parseOperand())
            }
        }
        guard let first = operands.first else {
            let token = peek
            if let pipe { throw TemplateError(at: pipe, "missing command after \"|\"") }
            throw TemplateError(at: token.location, "missing value for \(context)")
        }
        var arguments: [TemplateExpression] = []
        for operand in operands.dropFirst() {
            arguments.append(try argument(operand))
        }
        switch first {
        case .function(let function, let location):
            let count = arguments.count + (stage > 0 ? 1 : 0)
            try checkArity(function, count: count, at: location)
            return .call(TemplateCall(function: function, arguments: arguments, location: location))
        case .value(let expression, let display, let isNil, let location):
            if isNil { throw TemplateError(at: location, "nil is not a command") }
            if !arguments.isEmpty {
                throw TemplateError(at: location, "can't give argument to non-function \(display)")
            }
            if stage > 0 {
                throw TemplateError(at: location, "non-function \(display) in pipeline stage \(stage + 1)")
            }
            return expression
        }
    }

    private func argument(_ operand: Operand) throws(TemplateError) -> TemplateExpression {
        switch operand {
        case .function(let function, let location):
            try checkArity(function, count: 0, at: location)
            return .call(TemplateCall(function: function, arguments: [], location: location))
        case .value(let expression, _, _, _):
            return expression
        }
    }

    private func checkArity(_ function: TemplateFunction, count: Int, at location: TemplateLocation) throws(TemplateError) {
        guard function.arity.accepts(count) else {
            throw TemplateError(at: location, "wrong number of args for \(function.name): want \(function.arity) got \(count)")
        }
    }

    // MARK: Operands

    private mutating func parseOperand() throws(TemplateError) -> Operand {
        let token = next()
        let location = token.location
        var expression: TemplateExpression
        var display = token.display
        var isLiteral = false
        var isNil = false
        switch token.kind {
        case .identifier(let name):
            switch name {
            case "true", "false":
                expression = .literal(.bool(name == "true"))
                isLiteral = true
            case "nil":
                expression = .literal(.null)
                isLiteral = true
                isNil = true
            default:
                if TemplateFunctions.keywords.contains(name) {
                    throw TemplateError(at: location, "unexpected keyword \"\(name)\" in operand")
                }
                guard let function = functions[name] else {
                    throw TemplateError(at: location, "function \"\(name)\" not defined")
                }
                if case .field(let field) = peek.kind, !peek.spaceBefore {
                    throw TemplateError(at: peek.location,
                                        "unexpected \".\(field)\" after function \(name); use (\(name)).\(field)")
                }
                return .function(function, location)
            }
        case .dot:
            expression = .dot
        case .field(let name):
            expression = .fields(.dot, [name], location)
        case .variable(let name):
            if name == "$" {
                expression = .root
            } else if let slot = resolve(name) {
                expression = .variable(slot)
            } else {
                throw TemplateError(at: location, "undefined variable \"\(name)\"")
            }
        case .literal(let value):
            expression = .literal(value)
            isLiteral = true
        case .leftParen:
            try enterNesting(at: location)
            let inner = try parsePipeline(context: "parenthesized pipeline", declarations: 0, closer: .rightParen)
            leaveNesting()
            expression = inner.stages.isEmpty ? inner.head : .pipeline(inner)
            display = "parenthesized pipeline"
        case .rightParen:
            throw TemplateError(at: location, "unexpected \")\"")
        default:
            throw TemplateError(at: location, "unexpected \(token.display) in operand")
        }
        var names: [String] = []
        var chainLocation = location
        while case .field(let name) = peek.kind, !peek.spaceBefore {
            if names.isEmpty { chainLocation = peek.location }
            if isLiteral {
                throw TemplateError(at: peek.location, "unexpected \".\(name)\" after \(display)")
            }
            names.append(name)
            _ = next()
        }
        if !names.isEmpty {
            if case .fields(let base, let existing, let existingLocation) = expression {
                expression = .fields(base, existing + names, existingLocation)
            } else {
                expression = .fields(expression, names, chainLocation)
            }
        }
        return .value(expression, display: display, isNil: isNil, location)
    }
}
