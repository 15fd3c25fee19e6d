import OrkValue

/// Why a response body is not the document the contract describes, with the JSON path where it
/// went wrong: `number out of range at crds[0].queueDepth (1e+300)`, `expected a string at
/// replicas[1].pod.name, found a number`, `missing field at crds[2].state`.
package struct DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Problem: Sendable, Equatable {
        /// The body is not JSON (OrkValue's parser: byte offset and reason).
        case syntax(JSONParseError)
        /// A required field is absent.
        case missing
        /// The value has the wrong JSON type (`found` names it; `null` for a null).
        case mismatch(expected: String, found: String)
        /// An integral or non-finite number that the field's type cannot hold.
        case outOfRange(String)
        /// A number with a fraction where an integer is expected.
        case notAnInteger(String)
        /// Anything a type's own decoding code reported.
        case other(String)
    }

    package var path: [String]
    package var problem: Problem

    package init(path: [String], problem: Problem) {
        self.path = path
        self.problem = problem
    }

    package init(_ codingPath: [any CodingKey], _ problem: Problem) {
        self.init(path: codingPath.map(Self.component), problem: problem)
    }

    /// `crds[0].queueDepth`; `the document` for the top level.
    package var pathText: String {
        guard !path.isEmpty else { return "the document" }
        var text = ""
        for component in path {
            if component.hasPrefix("[") || text.isEmpty { text += component } else { text += "." + component }
        }
        return text
    }

    package var description: String {
        switch problem {
        case .syntax(let error): "invalid JSON at byte \(error.offset): \(error.message)"
        case .missing: "missing field at \(pathText)"
        case .mismatch(let expected, let found): "expected \(expected) at \(pathText), found \(found)"
        case .outOfRange(let value): "number out of range at \(pathText) (\(value))"
        case .notAnInteger(let value): "expected an integer at \(pathText), found \(value)"
        case .other(let message): "\(message) at \(pathText)"
        }
    }

    static func component(_ key: any CodingKey) -> String {
        key.intValue.map { "[\($0)]" } ?? key.stringValue
    }

    /// The JSON type of a value as the messages name it.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// A number as the messages show it: at most 24 characters.
    static func number(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .int(let int): text = String(int)
        case .double(let double): text = double.isFinite ? "\(double)" : (double < 0 ? "-infinity" : "infinity")
        default: text = kind(value)
        }
        return text.count <= 24 ? text : String(text.prefix(23)) + "…"
    }
}
