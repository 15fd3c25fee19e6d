/// Settings of a ``WorkQueue``.
public struct WorkQueueConfiguration: Sendable, Hashable {
    /// Maximum number of items waiting in both lanes; 0 means unbounded. Items being processed
    /// and items waiting out a delay do not count. See ``WorkQueue`` for the drop policy.
    public var maxDepth: Int
    /// Per-item backoff used by ``WorkQueue/addRateLimited(_:)``.
    public var backoff: ExponentialBackoff

    /// Creates a configuration; a negative `maxDepth` is treated as 0 (unbounded).
    public init(maxDepth: Int = 0, backoff: ExponentialBackoff = .default) {
        self.maxDepth = max(maxDepth, 0)
        self.backoff = backoff
    }
}
