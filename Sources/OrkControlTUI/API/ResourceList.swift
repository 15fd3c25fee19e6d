import OrkAPI

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
