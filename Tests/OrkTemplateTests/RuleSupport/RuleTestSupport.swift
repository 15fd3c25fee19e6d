import Foundation
@testable import OrkTemplate
import OrkValue

/// The evaluator every rule test uses, with the template test double.
let ruleEvaluator = RuleEvaluator(templates: TemplateEvaluatorTestDouble())

/// A tiny RFC 6902 (`add`/`replace` only) and RFC 7386 applier, used to check that the patches a
/// mutation produces really turn the original object into the mutated one.
enum PatchApplier {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func apply(jsonPatch: [JSONValue], to document: JSONValue) throws -> JSONValue {
        var current = document
        for operation in jsonPatch {
            guard let op = operation["op"]?.stringValue, op == "add" || op == "replace",
                  let pointer = operation["path"]?.stringValue, let value = operation["value"] else {
                throw Failure(description: "bad operation \(operation.serialized())")
            }
            let tokens = try decode(pointer: pointer)
            if op == "replace", FieldPath.lookup(tokens, in: current) == nil {
                throw Failure(description: "replace of a missing member \(pointer)")
            }
            current = try set(value, at: tokens[...], in: current, pointer: pointer)
        }
        return current
    }

    static func decode(pointer: String) throws -> [String] {
        guard pointer.hasPrefix("/") else { throw Failure(description: "pointer \(pointer) must start with /") }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func set(_ value: JSONValue, at tokens: ArraySlice<String>, in node: JSONValue,
                            pointer: String) throws -> JSONValue {
        guard let head = tokens.first else { return value }
        switch node {
        case .object(var fields):
            if tokens.count == 1 {
                fields[head] = value
            } else {
                guard let child = fields[head] else { throw Failure(description: "missing parent in \(pointer)") }
                fields[head] = try set(value, at: tokens.dropFirst(), in: child, pointer: pointer)
            }
            return .object(fields)
        case .array(var items):
            guard let i = Int(head), i >= 0, i < items.count else { throw Failure(description: "bad index in \(pointer)") }
            items[i] = try set(value, at: tokens.dropFirst(), in: items[i], pointer: pointer)
            return .array(items)
        default:
            throw Failure(description: "scalar parent in \(pointer)")
        }
    }

    static func apply(mergePatch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patch) = mergePatch else { return mergePatch }
        var fields = target.objectValue ?? [:]
        for (key, value) in patch {
            if value.isNull {
                fields.removeValue(forKey: key)
            } else {
                fields[key] = apply(mergePatch: value, to: fields[key] ?? .null)
            }
        }
        return .object(fields)
    }
}
