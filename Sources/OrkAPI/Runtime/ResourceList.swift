/// One page of a runtime's `GET /katalog/{crd}/cr` (docs/api.md §7).
package struct ResourceListPage: Decodable, Sendable, Equatable {
    package var crd: String
    package var total: Int
    package var items: [ResourceItem]
    package var `continue`: String?
}

/// One CR in a list page.
package struct ResourceItem: Decodable, Sendable, Equatable {
    package var name: String
    package var namespace: String?
    package var phase: String?
    package var ready: Bool
    package var readyReason: String?
    package var generation: Int?
    package var observedGeneration: Int?
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

/// Every page of a CR list the poller followed, up to its cap.
package struct ResourceList: Sendable, Equatable {
    package var crd: String
    package var total: Int
    package var items: [ResourceItem]
    /// True when the poller stopped following `continue` at its cap.
    package var truncated: Bool

    package init(crd: String, total: Int, items: [ResourceItem], truncated: Bool) {
        self.crd = crd
        self.total = total
        self.items = items
        self.truncated = truncated
    }
}
