import OrkAPI

/// Every page of a CR list the poller followed, up to its cap; for a runtime that shards, the
/// lists of its ring's replicas merged (each replica lists only the CRs it owns).
package struct ResourceList: Sendable, Equatable {
    package var crd: String
    package var total: Int
    package var items: [ResourceItem]
    /// True when the poller stopped following `continue` at its cap.
    package var truncated: Bool
    /// The replicas whose lists were merged, in the order asked; empty for one runtime's own list.
    package var replicas: [String]
    /// Which replica listed each CR (`Route.crKey` → its URL): the one its detail is asked of.
    /// Empty for one runtime's own list.
    package var listedBy: [String: String]
    /// The replicas of a merged list that could not be read (their CRs are missing).
    package var unread: [ReplicaFailure]

    package init(crd: String, total: Int, items: [ResourceItem], truncated: Bool, replicas: [String] = [],
                 listedBy: [String: String] = [:], unread: [ReplicaFailure] = []) {
        self.crd = crd
        self.total = total
        self.items = items
        self.truncated = truncated
        self.replicas = replicas
        self.listedBy = listedBy
        self.unread = unread
    }
}

/// A replica whose CR list could not be read, with the URL asked (for the Errors view).
package struct ReplicaFailure: Sendable, Equatable {
    package var replica: String
    package var url: String
    package var failure: FetchFailure

    package init(replica: String, url: String, failure: FetchFailure) {
        self.replica = replica
        self.url = url
        self.failure = failure
    }
}
