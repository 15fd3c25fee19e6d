import OrkValue

/// What an informer watches and how it behaves.
public struct InformerOptions: Sendable {
    /// Only this namespace (nil: all namespaces, or a cluster-scoped resource).
    public var namespace: String?
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Store `PartialObjectMetadata` (metadata only) instead of whole objects.
    public var metadataOnly: Bool
    /// How often every stored object is re-delivered as `.resync`; nil or zero disables resync.
    public var resyncPeriod: Duration?
    /// Page size of the (re)lists.
    public var pageSize: Int
    /// The server ends each watch after a random time between this and twice this (spreading
    /// reconnects like client-go); the informer then resumes from the last resourceVersion.
    public var watchTimeout: Duration
    /// How broken watches and failed lists are retried.
    public var backoff: Backoff
    /// Events buffered per subscriber before the informer waits for it (see `InformerEvents`).
    public var eventBuffer: Int
    /// The clock the waits between failed lists/watches sleep on (tests inject a manual one).
    public var clock: any Clock<Duration>
    /// What the store keeps of each object after the usual trim (`InformerTrim`); nil keeps it
    /// whole. A watcher that reads a few fields of many objects keeps only those. It must keep
    /// `metadata.name`, `namespace` and `resourceVersion`.
    public var keep: (@Sendable (JSONValue) -> JSONValue)?

    public init(namespace: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
                metadataOnly: Bool = false, resyncPeriod: Duration? = nil, pageSize: Int = 500,
                watchTimeout: Duration = .seconds(300), backoff: Backoff = .init(), eventBuffer: Int = 4096,
                clock: any Clock<Duration> = ContinuousClock(), keep: (@Sendable (JSONValue) -> JSONValue)? = nil) {
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.metadataOnly = metadataOnly
        self.resyncPeriod = resyncPeriod
        self.pageSize = pageSize
        self.watchTimeout = watchTimeout
        self.backoff = backoff
        self.eventBuffer = eventBuffer
        self.clock = clock
        self.keep = keep
    }
}

/// Counters of an informer's list/watch loop, for metrics, health and tests.
public struct InformerStats: Sendable {
    /// Complete lists (the initial one and every relist).
    public var lists = 0
    /// Watches opened.
    public var watches = 0
    /// Relists caused by `410 Gone`.
    public var goneRelists = 0
    /// Failed lists or watches (transport errors, server errors, streams cut short).
    public var failures = 0
    /// Watch events applied (bookmarks included).
    public var watchEvents = 0
    /// Bookmarks received.
    public var bookmarks = 0
    /// The most recent failure, cleared by the next healthy watch.
    public var lastError: KubeError?

    public init() {}
}

/// A misuse of an informer's query API.
public struct InformerError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
