/// Options of a list call: the query parameters of a collection GET, one definition for the client
/// (OrkKube sends them) and the sandbox (which serves them).
public struct ListOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Page size; nil (or 0) asks for everything at once.
    public var limit: Int?
    /// The `continue` token of the previous page.
    public var continueToken: String?
    /// `""` (or nil) reads the latest state (from etcd, consistent); `"0"` any state (the watch cache,
    /// which ignores the limit); a number a state at least that recent (504 when not reached yet).
    public var resourceVersion: String?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
    }

    /// The query parameters, in a fixed order.
    public var query: [(String, String)] {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        if let limit { query.append(("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty { query.append(("continue", continueToken)) }
        if let resourceVersion { query.append(("resourceVersion", resourceVersion)) }
        return query
    }
}
