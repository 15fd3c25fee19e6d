/// A runtime's `GET …/cr/{namespace}/{name}/events` body (docs/api.md §9), newest first.
public struct CREvents: Decodable, Sendable, Equatable {
    public var total: Int
    public var events: [Event]

    /// One Kubernetes event about the CR.
    public struct Event: Decodable, Sendable, Equatable {
        public var type: String?
        public var reason: String?
        public var message: String?
        public var source: String?
        public var object: String?
        public var count: Int?
        public var firstSeen: String?
        public var lastSeen: String?
    }
}
