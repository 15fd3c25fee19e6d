import Testing
import OrkTemplate
import OrkValue

@Suite struct ValidationRuleTests {
    let object: JSONValue = [
        "metadata": ["name": "web"],
        "spec": ["image": "docker.io/web:latest", "replicas": 12, "tier": "dev"],
    ]
    let here = SourcePosition(file: "katalog.yaml", line: 12, column: 9)

    func rule(_ field: String, _ op: RuleOperator, _ operand: JSONValue?, _ message: String,
              action: RuleAction = .deny, gate: ConditionSet = .init(), reconcile: Bool = true) -> ValidationRule {
        ValidationRule(check: Condition(field: field, op: op, operand: operand), message: message, action: action,
                       gate: gate, firesAtReconcile: reconcile, position: here)
    }

    @Test func reportsEveryViolationNotJustTheFirst() {
        let rules = [
            rule("spec.image", .prefix, "registry.internal/", "image must come from registry.internal"),
            rule("spec.replicas", .lessThanOrEqual, 10, "at most 10 replicas"),
            rule("spec.image", .notSuffix, ":latest", "pin the image tag", action: .warn),
            rule("metadata.name", .exists, .none, "name required"),
        ]
        let report = ruleEvaluator.validate(rules, object: object, context: .admission)
        #expect(report.denials.map(\.ruleIndex) == [0, 1])
        #expect(report.warnings.map(\.ruleIndex) == [2])
        #expect(!report.allowed)
        #expect(report.violations.count == 3)
        #expect(report.denials.first?.field == "spec.image")
        #expect(report.denials.first?.position == here)
        #expect(report.denials.first?.action == .deny)
        #expect(report.warnings.first?.action == .warn)
        #expect(report.denials.first?.evaluationError == nil)
    }

    @Test func warningsAloneAreAllowed() {
        let report = ruleEvaluator.validate(
            [rule("spec.image", .notSuffix, ":latest", "pin the tag", action: .warn)], object: object, context: .admission)
        #expect(report.allowed)
        #expect(report.warnings.count == 1)
    }

    @Test func gatedRulesAreSkippedWhenTheGateFails() {
        let prodOnly = ConditionSet(all: [Condition(field: "spec.tier", op: .equals, operand: "prod")])
        let report = ruleEvaluator.validate(
            [rule("spec.replicas", .lessThan, 3, "prod runs few replicas", gate: prodOnly)], object: object, context: .admission)
        #expect(report.allowed)
        #expect(report.skippedRules == [0])
    }

    @Test func admissionOnlyRulesAreSkippedAtReconcile() {
        let rules = [rule("spec.replicas", .lessThan, 3, "few replicas", reconcile: false)]
        #expect(ruleEvaluator.validate(rules, object: object, context: .reconcile).allowed)
        #expect(!ruleEvaluator.validate(rules, object: object, context: .admission).allowed)
    }

    @Test func messagesAreTemplates() {
        let report = ruleEvaluator.validate(
            [rule("spec.replicas", .lessThanOrEqual, 10, "{{ .metadata.name }} asks for {{ .spec.replicas }} replicas")],
            object: object, context: .admission)
        #expect(report.denials.first?.message == "web asks for 12 replicas")
    }

    @Test func aMessageThatFailsToRenderKeepsTheRawTextAndTheReason() {
        let report = ruleEvaluator.validate(
            [rule("spec.replicas", .lessThanOrEqual, 10, "too many {{ oops }}")], object: object, context: .admission)
        let message = report.denials.first?.message ?? ""
        #expect(message.hasPrefix("too many {{ oops }} (message template failed:"))
    }

    @Test func aCheckThatCannotBeEvaluatedIsAViolation() {
        let report = ruleEvaluator.validate(
            [rule("spec.image", .regex, "(", "bad image"), rule("spec.image", .regex, "(", "bad", action: .warn)],
            object: object, context: .admission)
        #expect(!report.allowed)
        let denial = report.denials.first
        #expect(denial?.message.hasPrefix("rule could not be evaluated (invalid regex") == true)
        #expect(denial?.message.hasSuffix(": bad image") == true)
        #expect(denial?.evaluationError != nil)
        #expect(report.warnings.count == 1)
    }

    @Test func aGateThatCannotBeEvaluatedFailsClosed() {
        let brokenGate = ConditionSet(all: [Condition(field: "{{ broken }}", op: .exists)])
        let report = ruleEvaluator.validate(
            [rule("spec.replicas", .lessThan, 100, "fine", gate: brokenGate)], object: object, context: .admission)
        #expect(report.denials.count == 1)
        #expect(report.denials.first?.message.contains("gate:") == true)
    }

    @Test func negatedChecksAndMissingFields() {
        var forbidLatest = rule("spec.image", .suffix, ":latest", "no latest")
        forbidLatest.check.negate = true
        let requireOwner = rule("metadata.labels.owner", .exists, .none, "owner label required")
        let report = ruleEvaluator.validate([forbidLatest, requireOwner], object: object, context: .admission)
        #expect(report.denials.map(\.ruleIndex) == [0, 1])
    }

    @Test func extraDataReachesRulesAndMessages() {
        let context = EvaluationContext(phase: .admission, extraData: ["request": ["user": "bob"]])
        let report = ruleEvaluator.validate(
            [rule("request.user", .equals, "alice", "{{ .request.user }} may not do this")], object: object, context: context)
        #expect(report.denials.first?.message == "bob may not do this")
    }
}
