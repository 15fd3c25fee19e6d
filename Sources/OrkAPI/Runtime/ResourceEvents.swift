/// A runtime's `GET …/cr/{namespace}/{name}/events` body (docs/api.md §9), newest first.
package struct ResourceEvents: Codable, Sendable, Equatable {
    package var name: String?
    package var namespace: String?
    package var total: Int
    package var events: [Event]

    package init(name: String?, namespace: String?, total: Int, events: [Event]) {
        self.name = name
        self.namespace = namespace
        self.total = total
        self.events = events
    }

    /// One Kubernetes event about the CR, with RFC 3339 times (whole seconds, UTC).
    package struct Event: Codable, Sendable, Equatable {
        package var type: String?
        package var reason: String?
        package var message: String?
        package var source: String?
        /// `Kind/name` of the involved object.
        package var object: String
        package var count: Int
        package var firstSeen: String?
        package var lastSeen: String?

        package init(type: String?, reason: String?, message: String?, source: String?, object: String, count: Int,
                     firstSeen: String?, lastSeen: String?) {
            self.type = type
            self.reason = reason
            self.message = message
            self.source = source
            self.object = object
            self.count = count
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
        }
    }
}
