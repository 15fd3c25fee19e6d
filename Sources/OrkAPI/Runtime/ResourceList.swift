/// One page of a runtime's `GET /katalog/{crd}/cr` (docs/api.md §7).
package struct ResourceListPage: Codable, Sendable, Equatable {
    package var crd: String
    package var total: Int
    package var items: [ResourceItem]
    /// The token of the next page; null on the last page.
    package var `continue`: String?

    package init(crd: String, total: Int, items: [ResourceItem], continue: String?) {
        self.crd = crd
        self.total = total
        self.items = items
        self.continue = `continue`
    }
}

/// One CR in a list page: identity, phase, readiness, generations and age.
package struct ResourceItem: Codable, Sendable, Equatable {
    package var name: String
    package var namespace: String?
    package var phase: String?
    package var ready: Bool
    package var readyReason: String?
    package var generation: Int?
    package var observedGeneration: Int?
    /// Whole seconds since `creationTimestamp`.
    package var age: Int?
    package var creationTimestamp: String?

    package init(name: String, namespace: String?, phase: String?, ready: Bool, readyReason: String?, generation: Int?,
                 observedGeneration: Int?, age: Int?, creationTimestamp: String?) {
        self.name = name
        self.namespace = namespace
        self.phase = phase
        self.ready = ready
        self.readyReason = readyReason
        self.generation = generation
        self.observedGeneration = observedGeneration
        self.age = age
        self.creationTimestamp = creationTimestamp
    }
}
