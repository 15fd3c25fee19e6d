import OrkTestSupport
import Testing
import OrkTemplate
import OrkValue

/// Random conditions, rules and documents: evaluation must always return and the invariants must hold.
@Suite struct RuleFuzzTests {
    static let scalars: [JSONValue] = [
        .null, "", " ", "a", "abc", "Running", "3", "3.0", " 3 ", "-1.5e3", "1e400", "1Gi", "500m", "0x10", "NaN",
        "inf", "true", "True", "é", "e\u{301}", "a|b", "[\"a\"]", "a,b", ",", "1,5", "5,1", "{{", "\\", "~/",
        0, 3, -7, .int(Int.max), .int(Int.min), 2.5, 3.0, -0.0, 1e300, .double(.nan), .double(.infinity), true, false,
    ]
    static let keys = ["a", "b", "x", "0", "1", "spec", "a.b", "~", "/", ""]
    static let regexFragments = [
        "a", "b*", "[0-9]+", "(", ")", "[", "]", "\\", "{2}", "{", "}", "*", "+", "?", "|", "^", "$", ".", "(?i)",
        "(?P<n>", "(?<n>", "\\d", "\\pL", "\\p{Greek}", "\\1", "(?=", "(?!", "[[:alpha:]]", "[^a-z]", "\\Q.\\E",
        "a{1001}", "é", "\\x{41}", "&&", "--", "[&&]", "[]", "[^]", "\\z", "\\b", "(?m)", "(?s)", "{0,3}", "{,}", "::",
    ]
    static let fields = [
        "spec.x", "a", "a.b", ".a.0", "spec.x.0", "", ".", "a..b", "0", "x\\.y", "spec.a\\.b", "~./",
        "{{ .a }}", "{{ .spec.x | default \"d\" }}", "{{ .spec.x | default 3 }}", "{{ fail }}", "{{ .a", "pre-{{ .b }}",
    ]

    static func scalar(_ rng: inout SplitMix64) -> JSONValue {
        if rng.oneIn(8) { return .string(String(repeating: rng.pick(["a", "1", ","]), count: rng.below(6))) }
        if rng.oneIn(8) { return .int(rng.below(20) - 10) }
        return rng.pick(scalars)
    }

    static func value(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        guard depth > 0 else { return scalar(&rng) }
        switch rng.below(6) {
        case 0: return .array((0..<rng.below(4)).map { _ in value(&rng, depth: depth - 1) })
        case 1, 2:
            var fields: [String: JSONValue] = [:]
            for _ in 0..<rng.below(4) { fields[rng.pick(keys)] = value(&rng, depth: depth - 1) }
            return .object(fields)
        default: return scalar(&rng)
        }
    }

    static func document(_ rng: inout SplitMix64) -> JSONValue {
        var fields: [String: JSONValue] = [:]
        for _ in 0..<rng.below(5) { fields[rng.pick(keys)] = value(&rng, depth: 3) }
        if rng.oneIn(2) { fields["spec"] = ["x": value(&rng, depth: 1), "a.b": scalar(&rng)] }
        return .object(fields)
    }

    static func regex(_ rng: inout SplitMix64) -> String {
        if rng.oneIn(4) {
            let chars = Array("ab1\\()[]{}*+?|^$.-&:P<>=!#,é 0")
            return String((0..<rng.below(8)).map { _ in rng.pick(chars) })
        }
        return (0..<(1 + rng.below(4))).map { _ in rng.pick(regexFragments) }.joined()
    }

    static func operand(_ rng: inout SplitMix64, for op: RuleOperator) -> JSONValue? {
        switch rng.below(10) {
        case 0: return .none
        case 1: return .array((0..<rng.below(4)).map { _ in scalar(&rng) })
        case 2: return .string("\(rng.below(10) - 3),\(rng.below(10) - 3)")
        case 3: return rng.oneIn(4) ? value(&rng, depth: 2) : .array([scalar(&rng), scalar(&rng)])
        case 4, 5: return op == .regex || op == .notRegex ? .string(regex(&rng)) : scalar(&rng)
        default: return scalar(&rng)
        }
    }

    static func condition(_ rng: inout SplitMix64) -> Condition {
        let op = rng.pick(RuleOperator.allCases)
        let field = rng.oneIn(3) ? ([rng.pick(keys), rng.pick(keys)].joined(separator: ".")) : rng.pick(fields)
        return Condition(field: field, op: op, operand: operand(&rng, for: op), negate: rng.oneIn(3))
    }

    static let complements: [RuleOperator: RuleOperator] = [
        .exists: .notExists, .notExists: .exists, .equals: .notEquals, .notEquals: .equals,
        .prefix: .notPrefix, .notPrefix: .prefix, .suffix: .notSuffix, .notSuffix: .suffix,
        .contains: .notContains, .notContains: .contains, .regex: .notRegex, .notRegex: .regex,
        .in: .notIn, .notIn: .in,
    ]
    static let exclusive: [RuleOperator: RuleOperator] = [
        .between: .notBetween, .greaterThan: .lessThanOrEqual, .lessThan: .greaterThanOrEqual,
    ]

    static func kind(_ o: ConditionOutcome) -> Int {
        switch o { case .pass: return 0; case .fail: return 1; case .error: return 2 }
    }

    @Test func randomConditionsNeverCrashAndKeepTheirInvariants() async {
        var rng = SplitMix64(state: 0x0C0F_FEE0_2024)
        var outcomes = [0, 0, 0]
        for iteration in 0..<100_000 {
            if iteration % 256 == 0 { await Task.yield() }  // share the test pool's threads with the other suites
            let data = Self.document(&rng)
            let c = Self.condition(&rng)
            let outcome = ruleEvaluator.evaluate(c, in: data)
            outcomes[Self.kind(outcome)] += 1

            var flipped = c
            flipped.negate.toggle()
            let flippedOutcome = ruleEvaluator.evaluate(flipped, in: data)
            #expect(flippedOutcome == outcome.negated, "negate must flip: \(c) on \(data.serialized())")

            var plain = c
            plain.negate = false
            let base = c.negate ? flippedOutcome : outcome
            if let other = Self.complements[c.op] {
                var complement = plain
                complement.op = other
                let result = ruleEvaluator.evaluate(complement, in: data)
                #expect(Self.kind(result) == Self.kind(base.negated), "\(other) must complement \(c.op): \(c) on \(data.serialized())")
            }
            if let other = Self.exclusive[c.op] {
                var partner = plain
                partner.op = other
                if other == .lessThanOrEqual || other == .greaterThanOrEqual, case .string(let s)? = partner.operand,
                   s.contains(",") { continue }
                let result = ruleEvaluator.evaluate(partner, in: data)
                #expect(!(result == .pass && base == .pass), "\(c.op) and \(other) both pass: \(c)")
            }
            if !c.fieldIsTemplate, c.staticProblems().isEmpty, case .error(let reason) = outcome {
                #expect(reason.contains("gave up"), "statically clean condition errored: \(c) → \(reason)")
            }
            if c.op.isUnary && !c.fieldIsTemplate {
                #expect(!outcome.isError)
            }

            if iteration % 4 == 0 {
                let set = ConditionSet(all: (0..<rng.below(3)).map { _ in Self.condition(&rng) },
                                       any: (0..<rng.below(3)).map { _ in Self.condition(&rng) })
                let all = set.all.allSatisfy { ruleEvaluator.evaluate($0, in: data) == .pass }
                let any = set.any.isEmpty || set.any.contains { ruleEvaluator.evaluate($0, in: data) == .pass }
                #expect(ruleEvaluator.passes(set, in: data) == (all && any))
            }
        }
        // The generator must reach every outcome often enough to mean something.
        #expect(outcomes.allSatisfy { $0 > 10_000 }, "pass/fail/error counts: \(outcomes)")
    }

    @Test func randomValidationAndMutationNeverCrash() async throws {
        var rng = SplitMix64(state: 0xBAD_5EED)
        let mutationFields = ["spec.x", "spec.y.z", "a.0", "a.0.b", "~/.x", "spec", "", "{{ .a }}", "x\\.y", "spec.x.1",
                              "b.c.d", "a.b"]
        var applied = 0
        var failed = 0
        for iteration in 0..<25_000 {
            if iteration % 256 == 0 { await Task.yield() }  // share the test pool's threads with the other suites
            // JSON cannot carry NaN or infinity (and NaN != NaN would defeat the equality checks below).
            let object = Self.finite(Self.document(&rng))
            let context = EvaluationContext(phase: rng.oneIn(2) ? .admission : .reconcile,
                                            extraData: rng.oneIn(3) ? ["health": ["ok": true]] : [:])

            let rules = (0..<rng.below(5)).map { _ in
                ValidationRule(check: Self.condition(&rng), message: rng.pick(["bad", "{{ .a }} bad", "{{ fail }}", ""]),
                               action: rng.oneIn(2) ? .deny : .warn,
                               gate: ConditionSet(all: rng.oneIn(3) ? [Self.condition(&rng)] : []),
                               firesAtReconcile: !rng.oneIn(4))
            }
            let report = ruleEvaluator.validate(rules, object: object, context: context)
            let seen = report.denials.map(\.ruleIndex) + report.warnings.map(\.ruleIndex) + report.skippedRules
            #expect(Set(seen).count == seen.count && seen.count <= rules.count)
            #expect(report.denials.allSatisfy { $0.action == .deny } && report.warnings.allSatisfy { $0.action == .warn })
            #expect(report.allowed == report.denials.isEmpty)

            let mutations = (0..<rng.below(5)).map { _ in
                let value: JSONValue = rng.oneIn(4)
                    ? .string(rng.pick(["{{ .a }}", "{{ .spec.x | default \"7\" }}", "n-{{ .b }}", "{{ fail }}"]))
                    : Self.finite(rng.oneIn(5) ? .array([Self.scalar(&rng)]) : Self.scalar(&rng))
                return MutationRule(field: rng.pick(mutationFields), value: value, mode: rng.oneIn(2) ? .default : .override,
                                    valueType: rng.oneIn(2) ? rng.pick(MutationValueType.allCases) : nil,
                                    gate: ConditionSet(any: rng.oneIn(4) ? [Self.condition(&rng)] : []),
                                    firesAtReconcile: !rng.oneIn(4))
            }
            let result: MutationResult
            do {
                result = try ruleEvaluator.mutate(mutations, object: object, context: context)
            } catch {
                failed += 1
                #expect(!error.description.isEmpty && error.ruleIndex < mutations.count)
                continue
            }
            applied += 1
            do {
                #expect(try PatchApplier.apply(jsonPatch: result.jsonPatch, to: object) == result.object,
                        "JSON patch must reproduce the result: \(result.jsonPatch.map { $0.serialized() })")
                if !Self.containsNullInMap(result.object) {
                    #expect(PatchApplier.apply(mergePatch: result.mergePatch, to: object) == result.object,
                            "merge patch must reproduce the result: \(result.mergePatch.serialized())")
                }
                #expect(result.changed == !result.changes.isEmpty)
                #expect(result.changes.allSatisfy { change in
                    change.oldValue.map { !JSONEquality.sameJSON($0, change.newValue) } ?? true
                })
            }
        }
        #expect(applied > 1_000 && failed > 1_000, "applied \(applied), failed \(failed)")
    }

    static func finite(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d) where !d.isFinite: return .int(0)
        case .object(let fields): return .object(fields.mapValues(finite))
        case .array(let items): return .array(items.map(finite))
        default: return value
        }
    }

    /// Merge patches cannot carry `null` inside maps (null means delete), so the merge-patch check skips
    /// documents that hold one.
    static func containsNullInMap(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let fields): return fields.values.contains { $0.isNull || containsNullInMap($0) }
        case .array(let items): return items.contains { containsNullInMap($0) }
        default: return false
        }
    }
}
