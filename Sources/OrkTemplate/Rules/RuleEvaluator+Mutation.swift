import OrkValue

extension RuleEvaluator {
    /// Applies `rules` in order to a copy of `object`; each rule (its gate, field and value templates)
    /// sees the changes of the rules before it.
    ///
    /// A rule is skipped when it is admission-only and `context` is reconcile, or when its gate fails.
    /// `default` applies when the field is missing, null or `""`; `override` always applies. A value that
    /// is a `{{ }}` template is rendered, then coerced to `valueType` (with no `valueType`, literals keep
    /// their YAML type and template results the typed value they rendered to). Setting a field to a value
    /// equal to its current one is not a change.
    ///
    /// Throws, naming the rule, when a gate or template cannot be evaluated, a value cannot be coerced
    /// or is null, or the path is blocked by a non-map.
    public func mutate(_ rules: [MutationRule], object: JSONValue, context: EvaluationContext)
        throws(MutationError) -> MutationResult
    {
        var current = object
        var changes: [MutationChange] = []
        var operations: [JSONValue] = []

        for (index, rule) in rules.enumerated() {
            if context.phase == .reconcile && !rule.firesAtReconcile { continue }
            let data = context.data(for: current)
            func failure(_ kind: MutationError.Kind, _ reason: String, value: JSONValue? = nil) -> MutationError {
                MutationError(kind: kind, ruleIndex: index, field: rule.field, position: rule.position,
                              value: value, reason: reason)
            }

            if let meter, meter.isExhausted {
                throw failure(.budget, "the evaluation budget is exhausted (\(meter.exhaustionReason)); later rules were not applied")
            }
            switch outcome(rule.gate, in: data) {
            case .fail: continue
            case .error(let reason):
                if let meter, meter.isExhausted {
                    throw failure(.budget, "the evaluation budget is exhausted (\(meter.exhaustionReason)); later rules were not applied")
                }
                throw failure(.gate, "gate could not be evaluated: \(reason)")
            case .pass: break
            }

            let segments: [String]
            switch targetPath(of: rule, data: data) {
            case .failure(let problem): throw failure(.field, problem.message)
            case .success(let path): segments = path
            }

            let existing = FieldPath.lookup(segments, in: current)
            if rule.mode == .default, RuleValues.exists(existing) { continue }

            var newValue = rule.value
            if case .string(let source) = rule.value, source.contains("{{") {
                do {
                    newValue = try templates.evaluate(source, data: data)
                } catch {
                    throw failure(.template, "value template failed: \(error)", value: rule.value)
                }
            }
            if let type = rule.valueType {
                switch ValueCoercion.coerce(newValue, to: type) {
                case .failure(let problem): throw failure(.coercion, problem.message, value: newValue)
                case .success(let coerced): newValue = coerced
                }
            } else if newValue.isNull {
                throw failure(.coercion, "the value is null; a mutation cannot set null", value: newValue)
            }

            if let existing, JSONEquality.sameJSON(existing, newValue) { continue }

            switch FieldPath.setting(newValue, at: segments, in: current) {
            case .failure(let problem):
                throw failure(.path, problem.message, value: newValue)
            case .success(let (updated, created)):
                for length in created {
                    let pointer = FieldPath.pointer(Array(segments.prefix(length)))
                    operations.append(JSONPatchBuilder.operation("add", pointer: pointer, value: .object([:])))
                }
                let pointer = FieldPath.pointer(segments)
                operations.append(JSONPatchBuilder.operation(existing == nil ? "add" : "replace",
                                                             pointer: pointer, value: newValue))
                changes.append(MutationChange(ruleIndex: index, path: FieldPath.dotted(segments), pointer: pointer,
                                              oldValue: existing, newValue: newValue))
                current = updated
            }
        }

        let mergePatch = JSONMergePatch.diff(from: object, to: current) ?? .object([:])
        return MutationResult(object: current, changes: changes, mergePatch: mergePatch, jsonPatch: operations)
    }

    /// The path a mutation rule writes to: its dotted field, or the text its field template renders to.
    private func targetPath(of rule: MutationRule, data: JSONValue) -> Result<[String], OperandProblem> {
        var field = rule.field
        if field.contains("{{") {
            do {
                field = try templates.evaluate(field, data: data).plainText
            } catch {
                return .failure(OperandProblem("field template failed: \(error)"))
            }
        }
        let segments = FieldPath.segments(field)
        guard !segments.isEmpty else {
            return .failure(OperandProblem("the field path \(JSONValue.string(field).serialized()) is empty"))
        }
        return .success(segments)
    }
}
