import Foundation
import OrkTemplate
import OrkValue

/// TEST DOUBLE — NOT the template engine. The real `TemplateEvaluator` is built on another branch; the
/// rule tests only need something that renders the two forms below, so this double exists in Tests/ only.
///
/// Understands exactly:
/// * `{{ .path }}` — the value at a dotted path (`{{ . }}` is the whole document); missing → null;
/// * `{{ .path | default "x" }}` — the same, but `x` (a JSON literal: `"x"`, `3`, `true`) when the
///   value is missing, null or "".
///
/// A source that is exactly one action (surrounding whitespace allowed) yields the typed value; otherwise
/// the actions' texts are spliced into the surrounding text and a string is returned. Anything else
/// (`{{ fail }}`, an unclosed `{{`) throws.
struct TemplateEvaluatorTestDouble: TemplateEvaluator {
    struct RenderError: Error, CustomStringConvertible {
        let description: String
    }

    func evaluate(_ source: String, data: JSONValue) throws -> JSONValue {
        var pieces: [(text: String, value: JSONValue?)] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            pieces.append((String(rest[..<open.lowerBound]), nil))
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                throw RenderError(description: "unclosed action in \(source)")
            }
            let action = String(afterOpen[..<close.lowerBound])
            pieces.append(("", try evaluateAction(action, data: data)))
            rest = afterOpen[close.upperBound...]
        }
        pieces.append((String(rest), nil))
        let actions = pieces.compactMap(\.value)
        let text = pieces.filter { $0.value == nil }.map(\.text).joined()
        if actions.count == 1, text.allSatisfy(\.isWhitespace), let only = actions.first {
            return only
        }
        return .string(pieces.map { $0.value?.plainText ?? $0.text }.joined())
    }

    private func evaluateAction(_ action: String, data: JSONValue) throws -> JSONValue {
        let parts = action.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let path = parts.first, path.hasPrefix(".") else {
            throw RenderError(description: "the test double cannot render {{\(action)}}")
        }
        let value = data.value(atDotted: path) ?? .null
        guard parts.count == 2 else { return value }
        let pipe = parts[1]
        guard pipe.hasPrefix("default ") else {
            throw RenderError(description: "the test double only knows the default function")
        }
        let literal = String(pipe.dropFirst("default ".count)).trimmingCharacters(in: .whitespaces)
        guard let fallback = try? JSONValue.parse(literal) else {
            throw RenderError(description: "bad default literal \(literal)")
        }
        switch value {
        case .null, .string(""): return fallback
        default: return value
        }
    }
}
