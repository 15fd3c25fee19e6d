import OrkCore

/// `dependencies` of the CRD detail and health bodies: `[{crd, condition, state, satisfied}]`.
enum DependencyJSON {
    static func list(_ dependencies: [DependencySnapshot]) -> JSONValue {
        .array(dependencies.map { dependency in
            [
                "crd": .string(dependency.crd),
                "condition": .string(dependency.condition.rawValue),
                "state": APIFormat.string(dependency.state?.rawValue),
                "satisfied": .bool(dependency.satisfied),
            ]
        })
    }
}
