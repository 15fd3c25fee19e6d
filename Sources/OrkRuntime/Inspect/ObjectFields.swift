import OrkValue

/// Fields of a Kubernetes object the inspection readers use.
enum ObjectFields {
    static func name(_ object: JSONValue) -> String {
        object.value(atDotted: "metadata.name")?.stringValue ?? ""
    }

    static func namespace(_ object: JSONValue) -> String? {
        object.value(atDotted: "metadata.namespace")?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func uid(_ object: JSONValue) -> String {
        object.value(atDotted: "metadata.uid")?.stringValue ?? ""
    }

    /// Whether one of the object's `ownerReferences` has `uid`.
    static func isOwned(_ object: JSONValue, by uid: String) -> Bool {
        (object.value(atDotted: "metadata.ownerReferences")?.arrayValue ?? []).contains { $0["uid"]?.stringValue == uid }
    }

    /// `spec.selector.matchLabels` as a label selector (`a=b,c=d`, sorted); nil when absent or
    /// empty (the caller then lists without a selector and filters by owner).
    static func matchLabelsSelector(_ object: JSONValue) -> String? {
        guard let labels = object.value(atDotted: "spec.selector.matchLabels")?.objectValue, !labels.isEmpty else { return nil }
        var terms: [String] = []
        for key in labels.keys.sorted() {
            guard let value = labels[key]?.stringValue else { return nil }
            terms.append("\(key)=\(value)")
        }
        return terms.joined(separator: ",")
    }
}
