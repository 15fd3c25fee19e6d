/// One page of a runtime's `GET /katalog/{crd}/cr` (docs/api.md §7).
public struct CRListPage: Decodable, Sendable, Equatable {
    public var crd: String
    public var total: Int
    public var items: [CRItem]
    public var `continue`: String?
}

/// One CR in a list page.
public struct CRItem: Decodable, Sendable, Equatable {
    public var name: String
    public var namespace: String?
    public var phase: String?
    public var ready: Bool
    public var readyReason: String?
    public var generation: Int?
    public var observedGeneration: Int?
    public var age: Int?
    public var creationTimestamp: String?

    public init(name: String, namespace: String?, phase: String?, ready: Bool, readyReason: String?, generation: Int?,
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
public struct CRList: Sendable, Equatable {
    public var crd: String
    public var total: Int
    public var items: [CRItem]
    /// True when the poller stopped following `continue` at its cap.
    public var truncated: Bool

    public init(crd: String, total: Int, items: [CRItem], truncated: Bool) {
        self.crd = crd
        self.total = total
        self.items = items
        self.truncated = truncated
    }
}
