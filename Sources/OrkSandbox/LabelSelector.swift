import OrkValue

/// A parsed label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3`); requirements are ANDed.
public struct LabelSelector: Sendable, Hashable {
    /// How a requirement compares a label.
    public enum Operator: Sendable, Hashable {
        case equals, notEquals, `in`, notIn, exists, doesNotExist, greaterThan, lessThan
    }

    /// One requirement on one label key.
    public struct Requirement: Sendable, Hashable {
        public var key: String
        public var op: Operator
        public var values: [String]
    }

    public var requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = LabelSelector(requirements: [])

    public var isEverything: Bool { requirements.isEmpty }

    /// Parses selector text with the real server's grammar; errors are 400 BadRequest.
    public static func parse(_ text: String) throws(SandboxError) -> LabelSelector {
        try LabelSelectorParser(text).parse()
    }

    /// Whether an object with these labels (`metadata.labels`) is selected.
    public func matches(labels: [String: JSONValue]?) -> Bool {
        for requirement in requirements {
            let value = labels?[requirement.key]?.stringValue
            switch requirement.op {
            case .equals, .in:
                guard let value, requirement.values.contains(value) else { return false }
            case .notEquals, .notIn:
                if let value, requirement.values.contains(value) { return false }
            case .exists:
                guard value != nil else { return false }
            case .doesNotExist:
                guard value == nil else { return false }
            case .greaterThan, .lessThan:
                guard let value, let actual = Int64(value), let bound = requirement.values.first.flatMap({ Int64($0) }) else {
                    return false
                }
                if requirement.op == .greaterThan ? !(actual > bound) : !(actual < bound) { return false }
            }
        }
        return true
    }

    /// Whether `object` (a Kubernetes object) is selected.
    public func matches(_ object: JSONValue) -> Bool {
        if requirements.isEmpty { return true }
        return matches(labels: object["metadata"]?["labels"]?.objectValue)
    }
}
