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

    /// `spec.selector` as a label selector (`a=b,c in (d)`, sorted); nil when absent, empty or not a
    /// selector (the caller then lists without a selector and filters by owner).
    static func selectorText(_ object: JSONValue) -> String? {
        guard let text = LabelSelectorText.text(of: object.value(atDotted: "spec.selector")), !text.isEmpty else { return nil }
        return text
    }
}
