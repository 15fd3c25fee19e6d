import Testing
import OrkTemplate
import OrkValue

@Suite struct MutationRuleTests {
    let object: JSONValue = [
        "metadata": ["name": "web", "annotations": ["keep": "me"]],
        "spec": ["replicas": 3, "image": "", "paused": nil, "containers": [["name": "app"]]],
    ]
    let here = SourcePosition(file: "katalog.yaml", line: 40, column: 7)

    func rule(_ field: String, _ value: JSONValue, _ mode: MutationRule.Mode = .default,
              type: MutationValueType? = nil, gate: ConditionSet = .init(), reconcile: Bool = true) -> MutationRule {
        MutationRule(field: field, value: value, mode: mode, valueType: type, gate: gate,
                     firesAtReconcile: reconcile, position: here)
    }

    func mutate(_ rules: [MutationRule], _ context: EvaluationContext = .admission) throws -> MutationResult {
        let result = try ruleEvaluator.mutate(rules, object: object, context: context)
        // Both patch forms must turn the original into the result.
        #expect(try PatchApplier.apply(jsonPatch: result.jsonPatch, to: object) == result.object)
        #expect(PatchApplier.apply(mergePatch: result.mergePatch, to: object) == result.object)
        return result
    }

    @Test func defaultFillsMissingNullAndEmptyOnly() throws {
        let result = try mutate([
            rule("spec.replicas", 5),
            rule("spec.image", "nginx"),
            rule("spec.paused", false),
            rule("spec.strategy", "Rolling"),
        ])
        #expect(result.object.value(atDotted: "spec.replicas") == 3)
        #expect(result.object.value(atDotted: "spec.image") == "nginx")
        #expect(result.object.value(atDotted: "spec.paused") == false)
        #expect(result.object.value(atDotted: "spec.strategy") == "Rolling")
        #expect(result.changes.map(\.path) == ["spec.image", "spec.paused", "spec.strategy"])
        #expect(result.changes.map(\.oldValue) == [.some(""), .some(.null), .none])
    }

    @Test func overrideAlwaysAppliesButEqualValuesAreNotChanges() throws {
        let result = try mutate([rule("spec.replicas", 7, .override), rule("metadata.name", "web", .override)])
        #expect(result.object.value(atDotted: "spec.replicas") == 7)
        #expect(result.changes.count == 1)
        #expect(result.changes.first?.oldValue == 3)
        let same = try mutate([rule("spec.replicas", 3.0, .override)])
        #expect(!same.changed)
        #expect(same.mergePatch == [:])
        #expect(same.jsonPatch.isEmpty)
    }

    @Test func laterRulesSeeEarlierChanges() throws {
        let result = try mutate([
            rule("spec.tier", "prod", .override),
            rule("spec.replicas", 9, .override,
                 gate: ConditionSet(all: [Condition(field: "spec.tier", op: .equals, operand: "prod")])),
            rule("spec.label", "{{ .spec.tier }}-{{ .spec.replicas }}", .override),
        ])
        #expect(result.object.value(atDotted: "spec.label") == "prod-9")
        #expect(result.changes.map(\.ruleIndex) == [0, 1, 2])
    }

    @Test func gatesAndPhasesSkipRules() throws {
        let gate = ConditionSet(all: [Condition(field: "spec.tier", op: .exists)])
        let result = try mutate([rule("spec.a", 1, gate: gate), rule("spec.b", 2, reconcile: false)], .reconcile)
        #expect(!result.changed)
        let atAdmission = try mutate([rule("spec.b", 2, reconcile: false)], .admission)
        #expect(atAdmission.changed)
    }

    @Test func templatesAreCoercedToTheValueType() throws {
        let result = try mutate([
            rule("spec.a", "{{ .spec.replicas }}", .override, type: .string),
            rule("spec.b", "3", .override, type: .int),
            rule("spec.c", "true", .override, type: .bool),
            rule("spec.d", "{{ .spec.missing | default \"2.5\" }}", .override, type: .float),
            rule("spec.e", 3, .override, type: .string),
            rule("spec.f", "3.0", .override, type: .int),
            rule("spec.g", 4, .override, type: .float),
            rule("spec.h", " FALSE ", .override, type: .bool),
        ])
        let spec = result.object["spec"]
        #expect(spec?["a"] == "3")
        #expect(spec?["b"] == 3)
        #expect(spec?["c"] == true)
        #expect(spec?["d"] == 2.5)
        #expect(spec?["e"] == "3")
        #expect(spec?["f"] == 3)
        #expect(spec?["g"] == .double(4))
        #expect(spec?["h"] == false)
    }

    @Test func withoutAValueTypeLiteralsAndTemplatesKeepTheirType() throws {
        let result = try mutate([
            rule("spec.a", true, .override),
            rule("spec.b", "{{ .spec.replicas }}", .override),
            rule("spec.c", "{{ .spec.replicas }}x", .override),
            rule("spec.d", ["x", 1], .override),
        ])
        let spec = result.object["spec"]
        #expect(spec?["a"] == true)
        #expect(spec?["b"] == 3)
        #expect(spec?["c"] == "3x")
        #expect(spec?["d"] == ["x", 1])
    }

    @Test func failedCoercionIsAnErrorNamingRuleFieldPositionAndValue() {
        #expect {
            try ruleEvaluator.mutate([rule("spec.replicas", 1), rule("spec.count", "abc", .override, type: .int)],
                                     object: object, context: .admission)
        } throws: { error in
            guard let error = error as? MutationError else { return false }
            return error.kind == .coercion && error.ruleIndex == 1 && error.field == "spec.count"
                && error.position == here && error.value == "abc"
                && error.description.contains("katalog.yaml:40:7") && error.description.contains("\"abc\"")
        }
    }

    @Test(arguments: [
        (JSONValue.double(3.5), MutationValueType.int),
        (JSONValue.int(1), MutationValueType.bool),
        (JSONValue.string("yes"), MutationValueType.bool),
        (JSONValue.bool(true), MutationValueType.float),
        (JSONValue.array([1]), MutationValueType.string),
        (JSONValue.string("1Gi"), MutationValueType.float),
        (JSONValue.null, MutationValueType.string),
    ])
    func uncoercibleValuesThrow(value: JSONValue, type: MutationValueType) {
        #expect(throws: MutationError.self) {
            try ruleEvaluator.mutate([rule("spec.v", value, .override, type: type)], object: object, context: .admission)
        }
    }

    @Test func otherFailuresAreErrorsToo() {
        let cases: [(MutationRule, MutationError.Kind)] = [
            (rule("spec.v", "{{ nope }}", .override), .template),
            (rule("spec.replicas.x", 1, .override), .path),
            (rule("spec.containers.5.image", "x", .override), .path),
            (rule("spec.containers.name", "x", .override), .path),
            (rule("spec.v", nil, .override), .coercion),
            (rule("...", 1, .override), .field),
            (rule("{{ nope }}", 1, .override), .field),
            (rule("spec.v", 1, gate: ConditionSet(all: [Condition(field: "x", op: .regex, operand: "(")])), .gate),
        ]
        for (rule, kind) in cases {
            do {
                _ = try ruleEvaluator.mutate([rule], object: object, context: .admission)
                Issue.record("\(rule.field) should fail")
            } catch {
                #expect(error.kind == kind, "\(rule.field): \(error)")
            }
        }
    }

    @Test func jsonPatchCreatesParentsAndEscapesPointers() throws {
        let result = try mutate([
            rule("metadata.annotations.example.com/owner", "team-a", .override),
            rule(#"metadata.labels.app\.kubernetes\.io/name"#, "web", .override),
            rule("spec.paused.reason", "maintenance", .override),
            rule("spec.a~b.c", 1, .override),
            rule("spec.containers.0.image", "nginx", .override),
        ])
        let ops = result.jsonPatch.map { $0.serialized() }
        #expect(ops == [
            #"{"op":"add","path":"/metadata/annotations/example","value":{}}"#,
            #"{"op":"add","path":"/metadata/annotations/example/com~1owner","value":"team-a"}"#,
            #"{"op":"add","path":"/metadata/labels","value":{}}"#,
            #"{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"}"#,
            #"{"op":"add","path":"/spec/paused","value":{}}"#,
            #"{"op":"add","path":"/spec/paused/reason","value":"maintenance"}"#,
            #"{"op":"add","path":"/spec/a~0b","value":{}}"#,
            #"{"op":"add","path":"/spec/a~0b/c","value":1}"#,
            #"{"op":"add","path":"/spec/containers/0/image","value":"nginx"}"#,
        ])
        #expect(result.changes[1].path == #"metadata.labels.app\.kubernetes\.io/name"#)
        #expect(result.changes[1].pointer == "/metadata/labels/app.kubernetes.io~1name")
    }

    @Test func replaceIsUsedForExistingFields() throws {
        let result = try mutate([rule("spec.replicas", 4, .override), rule("spec.image", "nginx")])
        #expect(result.jsonPatch.compactMap { $0["op"]?.stringValue } == ["replace", "replace"])
    }

    @Test func mergePatchHoldsOnlyTheChangesAndWholeLists() throws {
        let result = try mutate([
            rule("spec.replicas", 4, .override),
            rule("metadata.annotations.new", "x", .override),
            rule("spec.containers.0.image", "nginx", .override),
        ])
        #expect(result.mergePatch == [
            "spec": ["replicas": 4, "containers": [["name": "app", "image": "nginx"]]],
            "metadata": ["annotations": ["new": "x"]],
        ])
    }

    @Test func aChangeUndoneByALaterRuleLeavesNoMergePatch() throws {
        let result = try mutate([rule("spec.replicas", 4, .override), rule("spec.replicas", 3, .override)])
        #expect(result.changes.count == 2)
        #expect(result.mergePatch == [:])
        #expect(result.jsonPatch.count == 2)
    }
}
