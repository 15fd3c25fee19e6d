import OrkAPI

/// The CR list of a runtime that shards (docs/control.md, "Shards"): each replica of its ring
/// lists only the CRs it owns, so the list shown is the union of theirs.
package enum MergedCRList {
    /// Merges the replicas' lists (`lists[i]` is `replicas[i]`'s): sorted by namespace and name as
    /// one runtime's list is; a CR listed twice (mid-move) once, from the first replica listing it
    /// (a list item does not say which member owns it); at most `cap` CRs; `total` the replicas'
    /// totals summed (saturating); truncated when any list was or the cap cut. The replicas that
    /// failed are `unread`; when none answered, the list is a failure.
    package static func merge(crd: String, replicas: [String], lists: [Result<ResourceList, FetchFailure>], cap: Int)
        -> (list: Result<ResourceList, FetchFailure>, unread: [ReplicaFailure])
    {
        var unread: [ReplicaFailure] = []
        var listedBy: [String: String] = [:]
        var items: [ResourceItem] = []
        var total = 0
        var truncated = false
        var answered = 0
        for (replica, result) in zip(replicas, lists) {
            switch result {
            case .failure(let failure):
                unread.append(ReplicaFailure(replica: replica, url: FocusRequest.crList(runtime: replica, crd: crd).key,
                                             failure: failure))
            case .success(let list):
                answered += 1
                total = total.saturatingAdd(list.total)
                truncated = truncated || list.truncated
                for item in list.items {
                    let key = Route.crKey(namespace: item.namespace, name: item.name)
                    guard listedBy[key] == nil else { continue }
                    listedBy[key] = replica
                    items.append(item)
                }
            }
        }
        guard answered > 0 else { return (.failure(noneAnswered(unread)), unread) }
        items.sort { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        let limit = max(0, cap)
        if items.count > limit {
            truncated = true
            for item in items.dropFirst(limit) { listedBy[Route.crKey(namespace: item.namespace, name: item.name)] = nil }
            items = Array(items.prefix(limit))
        }
        return (.success(ResourceList(crd: crd, total: total, items: items, truncated: truncated, replicas: replicas,
                                      listedBy: listedBy, unread: unread)), unread)
    }

    static func noneAnswered(_ unread: [ReplicaFailure]) -> FetchFailure {
        guard let first = unread.first else { return .other("no replica to ask") }
        let more = unread.count > 1 ? " (and \(unread.count - 1) more: see the Errors view)" : ""
        return .other("none of the \(unread.count) replicas could be read: " + Format.hostPort(first.replica) + ": "
                      + first.failure.detail + more)
    }
}
