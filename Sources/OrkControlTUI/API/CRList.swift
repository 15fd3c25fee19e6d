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
