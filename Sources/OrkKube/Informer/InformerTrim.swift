import OrkValue

/// What an informer keeps of an object: everything but `metadata.managedFields` and the
/// `kubectl.kubernetes.io/last-applied-configuration` annotation, which are large, change on
/// every write and are never read by controllers (a copy of the whole object in the annotation
/// alone can double a cache's memory).
enum InformerTrim {
    static let lastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration"

    /// `object` without the fields informers drop.
    static func trim(_ object: JSONValue) -> JSONValue {
        guard case .object(var fields) = object, case .object(var metadata)? = fields["metadata"] else { return object }
        metadata.removeValue(forKey: "managedFields")
        if case .object(var annotations)? = metadata["annotations"],
           annotations.removeValue(forKey: lastAppliedAnnotation) != nil {
            metadata["annotations"] = annotations.isEmpty ? nil : .object(annotations)
        }
        fields["metadata"] = .object(metadata)
        return .object(fields)
    }
}
