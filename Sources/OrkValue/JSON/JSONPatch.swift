/// Why a JSON Patch (RFC 6902) could not be applied; never a trap.
public struct JSONPatchError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// The zero-based index of the failing operation, when one failed.
    public var operationIndex: Int?

    public init(_ message: String, operationIndex: Int? = nil) {
        self.message = message
        self.operationIndex = operationIndex
    }

    public var description: String {
        guard let operationIndex else { return message }
        return "operation \(operationIndex): \(message)"
    }
}

/// RFC 6902 JSON Patch: `add`, `remove`, `replace`, `move`, `copy` and `test`, with RFC 6901 pointers
/// (`~0`/`~1` escapes, `-` to append to an array). Operations apply in order to a copy; the first failing
/// one aborts the whole patch with a `JSONPatchError`.
public enum JSONPatch {
    /// Applies `operations` (each a JSON object such as `{"op":"add","path":"/a","value":1}`) to `document`.
    /// `maxCopiedNodes` bounds the JSON nodes all `copy` operations may duplicate together, so that a
    /// small patch cannot blow a document up exponentially (copying it into itself repeatedly).
    public static func apply(_ operations: [JSONValue], to document: JSONValue,
                             maxCopiedNodes: Int = 1_000_000) throws(JSONPatchError) -> JSONValue {
        var current = document
        var copyBudget = maxCopiedNodes
        for (index, operation) in operations.enumerated() {
            do {
                current = try applyOne(operation, to: current, copyBudget: &copyBudget)
            } catch {
                throw JSONPatchError(error.message, operationIndex: index)
            }
        }
        return current
    }

    /// Counts the nodes of `value`, stopping once `budget` is exceeded; returns the budget left (negative: exceeded).
    static func spend(_ budget: Int, on value: JSONValue) -> Int {
        var left = budget - 1
        switch value {
        case .array(let items):
            for item in items where left >= 0 { left = spend(left, on: item) }
        case .object(let fields):
            for item in fields.values where left >= 0 { left = spend(left, on: item) }
        default:
            break
        }
        return left
    }

    static func applyOne(_ operation: JSONValue, to document: JSONValue, copyBudget: inout Int) throws(JSONPatchError) -> JSONValue {
        guard case .object(let fields) = operation else { throw JSONPatchError("an operation must be a JSON object") }
        guard let op = fields["op"]?.stringValue else { throw JSONPatchError("missing or non-string \"op\"") }
        let path = try pointer(fields, "path")
        switch op {
        case "add":
            return try add(try value(fields, op), at: path.tokens[...], in: document)
        case "remove":
            return try remove(at: path.tokens[...], in: document).document
        case "replace":
            return try replace(at: path.tokens[...], with: try value(fields, op), in: document)
        case "move":
            let from = try pointer(fields, "from")
            if from == path { return try checkedExisting(from, in: document) }
            if path.tokens.count > from.tokens.count, Array(path.tokens.prefix(from.tokens.count)) == from.tokens {
                throw JSONPatchError("cannot move \"\(from)\" into its own child \"\(path)\"")
            }
            let removed = try remove(at: from.tokens[...], in: document)
            return try add(removed.value, at: path.tokens[...], in: removed.document)
        case "copy":
            let from = try pointer(fields, "from")
            guard let copied = from.resolve(in: document) else { throw JSONPatchError("\"from\" path \"\(from)\" does not exist") }
            copyBudget = spend(copyBudget, on: copied)
            if copyBudget < 0 { throw JSONPatchError("copy operations exceed the limit of copied values") }
            return try add(copied, at: path.tokens[...], in: document)
        case "test":
            let expected = try value(fields, op)
            guard let actual = path.resolve(in: document) else { throw JSONPatchError("test failed: \"\(path)\" does not exist") }
            guard JSONEquality.equal(actual, expected) else {
                throw JSONPatchError("test failed: the value at \"\(path)\" is not \(expected.serialized())")
            }
            return document
        default:
            throw JSONPatchError("unknown op \"\(op)\"")
        }
    }

    private static func checkedExisting(_ pointer: JSONPointer, in document: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard pointer.resolve(in: document) != nil else { throw JSONPatchError("\"from\" path \"\(pointer)\" does not exist") }
        return document
    }

    private static func pointer(_ fields: [String: JSONValue], _ key: String) throws(JSONPatchError) -> JSONPointer {
        guard let text = fields[key]?.stringValue else { throw JSONPatchError("missing or non-string \"\(key)\"") }
        return try JSONPointer(parsing: text)
    }

    private static func value(_ fields: [String: JSONValue], _ op: String) throws(JSONPatchError) -> JSONValue {
        guard let value = fields["value"] else { throw JSONPatchError("\"\(op)\" needs a \"value\"") }
        return value
    }

    static func add(_ value: JSONValue, at tokens: ArraySlice<String>, in document: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var fields):
            if rest.isEmpty {
                fields[token] = value
            } else {
                guard let child = fields[token] else { throw missing(tokens) }
                fields[token] = try add(value, at: rest, in: child)
            }
            return .object(fields)
        case .array(var items):
            if rest.isEmpty {
                if token == "-" { items.append(value); return .array(items) }
                guard let index = JSONPointer.arrayIndex(token, count: items.count), index <= items.count else {
                    throw JSONPatchError("array index \"\(token)\" is out of range (0...\(items.count))")
                }
                items.insert(value, at: index)
            } else {
                let index = try existingIndex(token, items)
                items[index] = try add(value, at: rest, in: items[index])
            }
            return .array(items)
        default:
            throw JSONPatchError("cannot add \"\(token)\" inside a \(document.typeName)")
        }
    }

    static func remove(at tokens: ArraySlice<String>, in document: JSONValue) throws(JSONPatchError) -> (document: JSONValue, value: JSONValue) {
        guard let token = tokens.first else { throw JSONPatchError("cannot remove the whole document") }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var fields):
            guard let child = fields[token] else { throw missing(tokens) }
            if rest.isEmpty {
                fields.removeValue(forKey: token)
                return (.object(fields), child)
            }
            let result = try remove(at: rest, in: child)
            fields[token] = result.document
            return (.object(fields), result.value)
        case .array(var items):
            let index = try existingIndex(token, items)
            if rest.isEmpty {
                let removed = items.remove(at: index)
                return (.array(items), removed)
            }
            let result = try remove(at: rest, in: items[index])
            items[index] = result.document
            return (.array(items), result.value)
        default:
            throw missing(tokens)
        }
    }

    static func replace(at tokens: ArraySlice<String>, with value: JSONValue, in document: JSONValue) throws(JSONPatchError) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch document {
        case .object(var fields):
            guard let child = fields[token] else { throw missing(tokens) }
            fields[token] = try replace(at: rest, with: value, in: child)
            return .object(fields)
        case .array(var items):
            let index = try existingIndex(token, items)
            items[index] = try replace(at: rest, with: value, in: items[index])
            return .array(items)
        default:
            throw missing(tokens)
        }
    }

    private static func existingIndex(_ token: String, _ items: [JSONValue]) throws(JSONPatchError) -> Int {
        guard let index = JSONPointer.arrayIndex(token, count: items.count), index < items.count else {
            throw JSONPatchError("array index \"\(token)\" is out of range (\(items.count) elements)")
        }
        return index
    }

    private static func missing(_ tokens: ArraySlice<String>) -> JSONPatchError {
        JSONPatchError("path element \"\(tokens.first ?? "")\" does not exist")
    }
}

/// JSON equality as RFC 6902 `test` defines it: numbers compare by value (`1` equals `1.0`),
/// objects by their members regardless of order, arrays element by element.
public enum JSONEquality {
    public static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(a) == b
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return false }
            for index in a.indices where !equal(a[index], b[index]) { return false }
            return true
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], equal(value, other) else { return false }
            }
            return true
        default:
            return lhs == rhs
        }
    }
    /// JSON equality with numbers compared by value (`3` and `3.0` are the same JSON number; a NaN
    /// equals a NaN, so an unchanged NaN is never reported as a change): what a merge-patch diff and
    /// a mutation rule treat as "unchanged".
    package static func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)):
            return x == y || (x.isNaN && y.isNaN)
        case (.int(let i), .double(let d)), (.double(let d), .int(let i)):
            // By value, as the rule evaluator compares an int with a double (`Double(i)` is finite,
            // so an infinite or NaN `d` is never equal).
            return Double(i) == d
        case (.array(let xs), .array(let ys)):
            guard xs.count == ys.count else { return false }
            return zip(xs, ys).allSatisfy { sameJSON($0, $1) }
        case (.object(let xs), .object(let ys)):
            guard xs.count == ys.count else { return false }
            for (key, x) in xs {
                guard let y = ys[key], sameJSON(x, y) else { return false }
            }
            return true
        default:
            return a == b
        }
    }
}
