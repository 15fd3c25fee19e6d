/// A `metav1.LabelSelector` object (`matchLabels`, `matchExpressions`) as the selector text the API
/// takes in `?labelSelector=` and shows in a Scale's `status.selector`: terms sorted by key, values
/// sorted, as `LabelSelectorAsSelector(...).String()` writes them (`app=web,tier in (a,b),!legacy`).
public enum LabelSelectorText {
    /// "" for an absent or empty selector (everything); nil when the object is not a label selector.
    public static func text(of selector: JSONValue?) -> String? {
        guard let selector, selector != .null else { return "" }
        guard selector.objectValue != nil else { return nil }
        var terms: [(key: String, text: String)] = []
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] {
            guard let value = value.stringValue else { return nil }
            terms.append((key, "\(key)=\(value)"))
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            guard let key = expression["key"]?.stringValue, let op = expression["operator"]?.stringValue else { return nil }
            var values: [String] = []
            for value in expression["values"]?.arrayValue ?? [] {
                guard let text = value.stringValue else { return nil }
                values.append(text)
            }
            values.sort()
            switch op {
            case "In", "NotIn":
                // Go refuses In and NotIn without values.
                guard !values.isEmpty else { return nil }
                terms.append((key, "\(key) \(op == "In" ? "in" : "notin") (\(values.joined(separator: ",")))"))
            case "Exists": terms.append((key, key))
            case "DoesNotExist": terms.append((key, "!\(key)"))
            default: return nil
            }
        }
        return terms.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }
}
