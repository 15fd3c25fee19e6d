import OrkTemplate
import OrkValue

/// Decodes `when`/`or` conditions, validation rules and mutation rules.
struct RuleDecoder {
    let context: LoaderContext

    static let operatorKeys: [String] = RuleOperator.allCases.map(\.rawValue) + RuleOperator.aliases.keys.sorted()
    static let conditionKeys = ["field", "operator", "value", "negate"] + operatorKeys
    static let validationKeys = ["field", "message", "action", "operator", "value", "when", "or", "fires"]
        + operatorKeys
    static let mutationKeys = ["field", "default", "override", "valueType", "when", "or", "fires"]

    /// `when:` and `or:` of `reader`'s mapping; `report` adds their static problems (bad regexes,
    /// non-numeric operands, …) as errors.
    func conditionSet(in reader: FieldReader, report: Bool = true) -> ConditionSet {
        let set = ConditionSet(all: conditions(reader, key: "when"), any: conditions(reader, key: "or"))
        if report { self.report(set.staticProblems(), at: reader.node.position, field: reader.path) }
        return set
    }

    func report(_ problems: [String], at position: SourcePosition, field: String) {
        for problem in problems {
            context.error(problem, at: position, field: field)
        }
    }

    func conditions(_ reader: FieldReader, key: String) -> [Condition] {
        guard let items = reader.list(key) else { return [] }
        return items.enumerated().compactMap { index, item in
            condition(item, path: "\(reader.field(key))[\(index)]")
        }
    }

    func condition(_ node: YAMLNode, path: String) -> Condition? {
        guard let reader = FieldReader(node, path: path, context: context, allowed: Self.conditionKeys,
                                       required: ["field"]),
              let field = reader.string("field")
        else { return nil }
        guard let (op, operand) = operatorAndOperand(reader) else { return nil }
        return Condition(field: field, op: op, operand: operand, negate: reader.bool("negate") ?? false,
                         position: node.position)
    }

    /// The single operator of a condition or rule (a shorthand key, or `operator` + `value`, or a bare
    /// `value` meaning equals, or nothing meaning exists) and its operand.
    func operatorAndOperand(_ reader: FieldReader) -> (RuleOperator, JSONValue?)? {
        let shorthands = (reader.node.pairs ?? []).filter { RuleOperator(name: $0.key) != nil }
        if shorthands.count > 1 {
            context.error("more than one operator (\(shorthands.map(\.key).joined(separator: ", ")))",
                          at: reader.node.position, field: reader.path, hint: "split it into one condition per operator")
            return nil
        }
        if let shorthand = shorthands.first, let op = RuleOperator(name: shorthand.key) {
            if reader.has("operator") || reader.has("value") {
                context.error("\"\(shorthand.key)\" cannot be combined with operator/value", at: shorthand.keyPosition,
                              field: reader.field(shorthand.key))
                return nil
            }
            if op.isUnary {
                // `exists: true` / `exists: false` (and the same for notExists).
                guard case .bool(let flag) = shorthand.value.jsonValue else {
                    context.error("expected true or false", at: shorthand.value.position, field: reader.field(shorthand.key))
                    return nil
                }
                return (flag == (op == .exists) ? .exists : .notExists, nil)
            }
            return (op, shorthand.value.jsonValue)
        }
        if let name = reader.string("operator") {
            guard let op = RuleOperator(name: name) else {
                context.error("unknown operator \"\(name)\"", at: reader.position("operator"), field: reader.field("operator"),
                              hint: Suggestion.hint(for: name, in: Self.operatorKeys))
                return nil
            }
            let operand = reader.value("value")?.jsonValue
            return (op, op.isUnary ? operand : operand ?? .string(""))
        }
        if let value = reader.value("value") { return (.equals, value.jsonValue) }
        return (.exists, nil)
    }

    func validationRules(_ items: [YAMLNode], path: String) -> [ValidationRule] {
        items.enumerated().compactMap { index, item in
            validationRule(item, path: "\(path)[\(index)]")
        }
    }

    func validationRule(_ node: YAMLNode, path: String) -> ValidationRule? {
        guard let reader = FieldReader(node, path: path, context: context, allowed: Self.validationKeys,
                                       required: ["field", "message"]),
              let field = reader.string("field"), let message = reader.string("message"),
              let (op, operand) = operatorAndOperand(reader)
        else { return nil }
        let action = reader.choice("action", from: RuleAction.allCases.map(\.rawValue)).flatMap(RuleAction.init) ?? .deny
        let rule = ValidationRule(
            check: Condition(field: field, op: op, operand: operand, position: node.position),
            message: message, action: action, gate: conditionSet(in: reader, report: false),
            firesAtReconcile: firesAtReconcile(reader), position: node.position)
        report(rule.staticProblems(), at: node.position, field: path)
        return rule
    }

    func mutationRule(_ node: YAMLNode, path: String) -> MutationRule? {
        guard let reader = FieldReader(node, path: path, context: context, allowed: Self.mutationKeys,
                                       required: ["field"]),
              let field = reader.string("field")
        else { return nil }
        let defaultNode = reader.node["default"], overrideNode = reader.node["override"]
        let mode: MutationRule.Mode
        let valueNode: YAMLNode
        switch (defaultNode, overrideNode) {
        case (.some, .some):
            context.error("a mutation rule has either default or override, not both", at: node.position, field: path)
            return nil
        case (.some(let value), nil): mode = .default; valueNode = value
        case (nil, .some(let value)): mode = .override; valueNode = value
        case (nil, nil):
            context.error("a mutation rule needs default or override", at: node.position, field: path)
            return nil
        }
        var valueType: MutationValueType?
        if let name = reader.string("valueType") {
            valueType = MutationValueType(name: name)
            if valueType == nil {
                context.error("unknown valueType \"\(name)\"", at: reader.position("valueType"), field: reader.field("valueType"),
                              hint: "use string, int, float or bool")
            }
        }
        let rule = MutationRule(field: field, value: valueNode.jsonValue, mode: mode, valueType: valueType,
                                gate: conditionSet(in: reader, report: false), firesAtReconcile: firesAtReconcile(reader),
                                position: node.position)
        report(rule.staticProblems(), at: node.position, field: path)
        return rule
    }

    func firesAtReconcile(_ reader: FieldReader) -> Bool {
        guard let node = reader.value("fires"),
              let fires = FieldReader(node, path: reader.field("fires"), context: context, allowed: ["reconcile"])
        else { return true }
        return fires.bool("reconcile") ?? true
    }

    func notify(_ reader: FieldReader) -> NotifySpec? {
        guard let node = reader.value("notify"),
              let notify = FieldReader(node, path: reader.field("notify"), context: context, allowed: ["teams", "message"],
                                       required: ["teams"])
        else { return nil }
        return NotifySpec(teams: notify.stringList("teams") ?? [], message: notify.string("message"))
    }
}
