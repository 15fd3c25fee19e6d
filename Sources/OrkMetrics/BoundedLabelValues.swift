import Synchronization

/// The values one label may take when they come from requests: the first `limit` distinct values
/// are kept as they are, later new ones become `overflow`, so a client inventing values cannot
/// grow a family (or the process) without bound.
public final class BoundedLabelValues: Sendable {
    public let limit: Int
    public let overflow: String
    private let seen = Mutex<Set<String>>([])

    public init(limit: Int, overflow: String = "other") {
        self.limit = max(0, limit)
        self.overflow = overflow
    }

    /// `value` when it was seen before or there is room for it, else ``overflow``.
    public func admit(_ value: String) -> String {
        seen.withLock { seen in
            if seen.contains(value) { return value }
            guard seen.count < limit else { return overflow }
            seen.insert(value)
            return value
        }
    }
}
