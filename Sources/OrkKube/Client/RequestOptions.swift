import OrkValue

/// Options of a watch.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Resume after this version; nil starts at "now" (most recent).
    public var resourceVersion: String?
    public var allowBookmarks: Bool
    /// The server closes the watch after this long (the informer then resumes it).
    public var timeoutSeconds: Int

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
                allowBookmarks: Bool = true, timeoutSeconds: Int = 300) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowBookmarks = allowBookmarks
        self.timeoutSeconds = timeoutSeconds
    }

    var query: [(String, String)] {
        var query: [(String, String)] = [("watch", "true"), ("timeoutSeconds", String(timeoutSeconds))]
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        if allowBookmarks { query.append(("allowWatchBookmarks", "true")) }
        return query
    }
}

/// How a DELETE treats the object's dependents and what it requires of the object.
public struct DeleteOptions: Sendable, Hashable {
    public enum Propagation: String, Sendable, Hashable { case background = "Background", foreground = "Foreground", orphan = "Orphan" }

    public var propagationPolicy: Propagation?
    /// Only delete when the object still has this UID / resourceVersion.
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    public var gracePeriodSeconds: Int?

    public init(propagationPolicy: Propagation? = nil, preconditionUID: String? = nil,
                preconditionResourceVersion: String? = nil, gracePeriodSeconds: Int? = nil) {
        self.propagationPolicy = propagationPolicy
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.gracePeriodSeconds = gracePeriodSeconds
    }
}

/// One page of a list: its items, the collection's resourceVersion and the token of the next page.
public struct ObjectList: Sendable {
    public var items: [JSONValue]
    public var resourceVersion: String
    /// Non-empty when more pages follow.
    public var continueToken: String
}
