import OrkValue

/// Options of a watch call.
public struct SandboxWatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Unset, empty or `0`: synthetic `ADDED` events for the current objects, then changes. A number: every
    /// change after it (410 Expired when the history no longer reaches back that far).
    public var resourceVersion: String?
    /// Whether to send `BOOKMARK` events (every bookmark interval, or on `sendBookmarks()`).
    public var allowBookmarks: Bool

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
                allowBookmarks: Bool = false) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.allowBookmarks = allowBookmarks
    }
}

/// Options of a delete call (the `DeleteOptions` body).
public struct SandboxDeleteOptions: Sendable, Hashable {
    /// `Background`, `Foreground` or `Orphan`; nil for the resource's default (`Background` for most,
    /// `Orphan` for `batch/v1` jobs and `batch/v1beta1` cronjobs, as in Kubernetes 1.20).
    public var propagationPolicy: String?
    public var preconditionUID: String?
    public var preconditionResourceVersion: String?
    /// The deprecated `orphanDependents` flag (true = Orphan, false = Background).
    public var orphanDependents: Bool?

    public init(propagationPolicy: String? = nil, preconditionUID: String? = nil,
                preconditionResourceVersion: String? = nil, orphanDependents: Bool? = nil) {
        self.propagationPolicy = propagationPolicy
        self.preconditionUID = preconditionUID
        self.preconditionResourceVersion = preconditionResourceVersion
        self.orphanDependents = orphanDependents
    }
}

/// One page of a list.
public struct SandboxList: Sendable, Hashable {
    /// The objects, each with the requested version's `apiVersion`.
    public var items: [JSONValue]
    /// The list's resourceVersion (the state it reflects).
    public var resourceVersion: String
    /// The token for the next page; nil on the last page.
    public var continueToken: String?
    /// How many objects follow this page, when known (no selectors).
    public var remainingItemCount: Int?

    public init(items: [JSONValue], resourceVersion: String, continueToken: String? = nil, remainingItemCount: Int? = nil) {
        self.items = items
        self.resourceVersion = resourceVersion
        self.continueToken = continueToken
        self.remainingItemCount = remainingItemCount
    }

    /// The list as the API returns it: `{"apiVersion","kind":"<Kind>List","metadata":{...},"items":[...]}`.
    public func object(for resource: SandboxResource) -> JSONValue {
        var metadata: [String: JSONValue] = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { metadata["continue"] = .string(continueToken) }
        if let remainingItemCount { metadata["remainingItemCount"] = .int(remainingItemCount) }
        return .object([
            "apiVersion": .string(resource.apiVersion), "kind": .string(resource.listKind),
            "metadata": .object(metadata), "items": .array(items),
        ])
    }
}

/// One event of a watch stream.
public struct SandboxWatchEvent: Sendable, Hashable {
    /// `ADDED`, `MODIFIED`, `DELETED` or `BOOKMARK`.
    public var type: String
    public var object: JSONValue

    public init(type: String, object: JSONValue) {
        self.type = type
        self.object = object
    }

    /// The event as the API streams it: `{"type":...,"object":...}`.
    public var jsonValue: JSONValue { .object(["type": .string(type), "object": object]) }
}

/// The answer to a write that may create (PUT where allowed, server-side apply): the object and whether
/// it was created (the real server answers 201 then, 200 otherwise).
public struct SandboxWriteResult: Sendable, Hashable {
    public var object: JSONValue
    public var created: Bool

    public init(object: JSONValue, created: Bool) {
        self.object = object
        self.created = created
    }
}
