/// The body of every 4xx and 5xx JSON answer: what went wrong (with `pod` and `leader`).
package struct ErrorBody: Codable, Sendable, Equatable {
    package var error: String

    package init(error: String) {
        self.error = error
    }
}
