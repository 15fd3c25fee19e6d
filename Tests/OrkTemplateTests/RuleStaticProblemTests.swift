import Testing
import OrkTemplate
import OrkValue

@Suite struct RuleStaticProblemTests {
    func problems(_ op: RuleOperator, _ operand: JSONValue?, field: String = "spec.x") -> [String] {
        Condition(field: field, op: op, operand: operand).staticProblems()
    }

    @Test func cleanConditionsHaveNoProblems() {
        #expect(problems(.exists, .none).isEmpty)
        #expect(problems(.exists, .null).isEmpty)
        #expect(problems(.equals, "").isEmpty)
        #expect(problems(.regex, "^v[0-9]+$").isEmpty)
        #expect(problems(.between, "1,5").isEmpty)
        #expect(problems(.in, "Pending,").isEmpty)
        #expect(problems(.greaterThan, "2.5").isEmpty)
        #expect(problems(.equals, 1, field: "{{ .spec.x }}").isEmpty)
    }

    @Test func operandShapes() {
        #expect(problems(.equals, .none) == ["equals needs a value to compare with"])
        #expect(problems(.in, .null) == ["in needs a value to compare with"])
        #expect(problems(.exists, true) == ["exists takes no value; remove true"])
        #expect(problems(.greaterThan, "abc") == [#"greaterThan needs a number, got "abc""#])
        #expect(problems(.lessThan, "1Gi") == [#"lessThan needs a number, got "1Gi""#])
        #expect(problems(.prefix, ["a"]) == ["prefix needs a single value, not a list"])
        #expect(problems(.in, []) == ["in has an empty list, so it never passes; list the allowed values"])
        #expect(problems(.notIn, []).first?.contains("always passes") == true)
        #expect(problems(.in, ["a": 1]) == ["in needs a list or a comma-separated string, not a map"])
    }

    @Test func betweenRanges() {
        #expect(problems(.between, [5, 1]) == [#"between range is inverted: 5 > 1; write it as "1,5""#])
        #expect(problems(.notBetween, "1,2,3").first?.hasPrefix("notBetween needs two numbers") == true)
        #expect(problems(.between, "a,b").count == 1)
        #expect(problems(.between, 5).count == 1)
    }

    @Test func regexes() {
        #expect(problems(.regex, "(") == [#"invalid regex "(": missing closing )"#])
        #expect(problems(.notRegex, "[a") == [#"invalid regex "[a": missing closing ]"#])
        #expect(problems(.regex, "(?=a)").first?.contains("lookahead") == true)
        #expect(problems(.regex, "(a)\\1").first?.contains("backreferences") == true)
        #expect(problems(.regex, "a{1001}").first?.contains("above 1000") == true)
        #expect(problems(.regex, "[z-a]").first?.contains("not valid RE2 syntax") == true)
        #expect(problems(.regex, "*").first?.contains("missing argument") == true)
    }

    @Test func fieldPaths() {
        #expect(problems(.exists, .none, field: "") == ["field is empty; give a path such as spec.image"])
        #expect(problems(.exists, .none, field: ".") == ["field is empty; give a path such as spec.image"])
        #expect(problems(.exists, .none, field: "spec..x").first?.contains("empty path segment") == true)
        #expect(problems(.exists, .none, field: "spec.x.").first?.contains("empty path segment") == true)
        #expect(problems(.exists, .none, field: ".spec.x").isEmpty)
    }

    @Test func conditionSetsAndValidationRulesPrefixTheirProblems() {
        let set = ConditionSet(all: [Condition(field: "a", op: .equals)], any: [Condition(field: "b", op: .regex, operand: "(")])
        #expect(set.staticProblems() == ["when[0]: equals needs a value to compare with", #"or[0]: invalid regex "(": missing closing )"#])
        let rule = ValidationRule(check: Condition(field: "spec.x", op: .exists), message: " ", gate: set)
        #expect(rule.staticProblems().count == 3)
        #expect(rule.staticProblems().last == "message is empty; say what is wrong and how to fix it")
    }

    @Test func mutationRules() {
        func mp(_ field: String, _ value: JSONValue, _ type: MutationValueType?) -> [String] {
            MutationRule(field: field, value: value, mode: .default, valueType: type).staticProblems()
        }
        #expect(mp("spec.replicas", 2, .int).isEmpty)
        #expect(mp("spec.replicas", "2", .int).isEmpty)
        #expect(mp("spec.replicas", "{{ .spec.x }}", .int).isEmpty)
        #expect(mp("spec.replicas", "abc", .int) == [#"default value does not match valueType int: cannot use "abc" as int: not a number"#])
        #expect(mp("spec.on", "maybe", .bool).count == 1)
        #expect(mp("spec.x", .null, nil) == ["default value is null; give a value"])
        #expect(mp("", 1, nil) == ["field is empty; give a path such as spec.image"])
        var overriding = MutationRule(field: "spec.ratio", value: "x", mode: .override, valueType: .float)
        #expect(overriding.staticProblems().first?.hasPrefix("override value") == true)
        overriding.gate = ConditionSet(all: [Condition(field: "spec.x", op: .lessThan, operand: "big")])
        #expect(overriding.staticProblems().count == 2)
    }
}
