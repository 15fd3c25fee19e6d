/// A runtime's `GET …/cr/{namespace}/{name}/events` body (docs/api.md §9), newest first.
package struct ResourceEvents: Decodable, Sendable, Equatable {
    package var total: Int
    package var events: [Event]

    /// One Kubernetes event about the CR.
    package struct Event: Decodable, Sendable, Equatable {
        package var type: String?
        package var reason: String?
        package var message: String?
        package var source: String?
        package var object: String?
        package var count: Int?
        package var firstSeen: String?
        package var lastSeen: String?
    }
}
