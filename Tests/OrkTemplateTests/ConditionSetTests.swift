import Testing
import OrkTemplate
import OrkValue

@Suite struct ConditionSetTests {
    let data: JSONValue = [
        "metadata": ["name": "web", "labels": ["app.kubernetes.io/name": "web"]],
        "spec": ["replicas": 3, "image": "registry.internal/web:1", "tier": "prod"],
        "status": ["phase": "Running", "conditions": [["type": "Ready", "status": "True"]]],
    ]

    func c(_ field: String, _ op: RuleOperator, _ operand: JSONValue? = .none, negate: Bool = false) -> Condition {
        Condition(field: field, op: op, operand: operand, negate: negate)
    }

    var pass: Condition { c("spec.tier", .equals, "prod") }
    var fail: Condition { c("spec.tier", .equals, "dev") }
    var error: Condition { c("spec.tier", .regex, "(") }

    @Test func emptySetPasses() {
        #expect(ruleEvaluator.passes(ConditionSet(), in: data))
        #expect(ruleEvaluator.outcome(ConditionSet(), in: data) == .pass)
    }

    @Test func allMeansEveryConditionPasses() {
        #expect(ruleEvaluator.passes(ConditionSet(all: [pass, pass]), in: data))
        #expect(!ruleEvaluator.passes(ConditionSet(all: [pass, fail]), in: data))
    }

    @Test func anyMeansAtLeastOne() {
        #expect(ruleEvaluator.passes(ConditionSet(any: [fail, pass]), in: data))
        #expect(!ruleEvaluator.passes(ConditionSet(any: [fail, fail]), in: data))
    }

    @Test func bothBlocksMustPass() {
        #expect(ruleEvaluator.passes(ConditionSet(all: [pass], any: [fail, pass]), in: data))
        #expect(!ruleEvaluator.passes(ConditionSet(all: [pass], any: [fail]), in: data))
        #expect(!ruleEvaluator.passes(ConditionSet(all: [fail], any: [pass]), in: data))
    }

    @Test func errorsAreNotPassingButDefiniteAnswersWin() {
        #expect(!ruleEvaluator.passes(ConditionSet(all: [error]), in: data))
        #expect(ruleEvaluator.outcome(ConditionSet(all: [pass, error]), in: data).isError)
        #expect(ruleEvaluator.outcome(ConditionSet(all: [error, fail]), in: data) == .fail)
        #expect(ruleEvaluator.outcome(ConditionSet(any: [error, pass]), in: data) == .pass)
        #expect(ruleEvaluator.outcome(ConditionSet(any: [error, fail]), in: data).isError)
        #expect(ruleEvaluator.outcome(ConditionSet(all: [error], any: [fail]), in: data) == .fail)
        #expect(ruleEvaluator.outcome(ConditionSet(all: [pass], any: [error]), in: data).isError)
        #expect(!ruleEvaluator.passes(ConditionSet(all: [pass], any: [error]), in: data))
    }

    @Test func negatedErrorStaysError() {
        var negated = error
        negated.negate = true
        #expect(ruleEvaluator.evaluate(negated, in: data).isError)
        #expect(!ruleEvaluator.passes(ConditionSet(all: [negated]), in: data))
    }

    @Test func pathsResolveWithLeadingDotIndexesAndEscapedDots() {
        #expect(ruleEvaluator.evaluate(c(".spec.replicas", .equals, 3), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("status.conditions.0.type", .equals, "Ready"), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("status.conditions.1.type", .notExists), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("status.conditions.01.type", .notExists), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("spec.replicas.deeper", .notExists), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(
            c(#"metadata.labels.app\.kubernetes\.io/name"#, .equals, "web"), in: data) == .pass)
    }

    @Test func templateFieldsRenderTypedValues() {
        #expect(ruleEvaluator.evaluate(c("{{ .spec.replicas }}", .greaterThan, 2), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("{{ .spec.missing | default \"5\" }}", .equals, 5), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("{{ .spec.missing }}", .notExists), in: data) == .pass)
        #expect(ruleEvaluator.evaluate(c("{{ .metadata.name }}-{{ .spec.tier }}", .equals, "web-prod"), in: data) == .pass)
        let failing = ruleEvaluator.evaluate(c("{{ nope }}", .exists), in: data)
        guard case .error(let reason) = failing else {
            Issue.record("expected an error, got \(failing)")
            return
        }
        #expect(reason.contains("field template"))
    }

    @Test func extraDataIsVisibleButObjectKeysWin() {
        let context = EvaluationContext(phase: .reconcile, extraData: ["health": ["healthy": true], "spec": "shadow"])
        let merged = context.data(for: data)
        #expect(ruleEvaluator.evaluate(c("health.healthy", .equals, true), in: merged) == .pass)
        #expect(ruleEvaluator.evaluate(c("spec.tier", .equals, "prod"), in: merged) == .pass)
    }
}
