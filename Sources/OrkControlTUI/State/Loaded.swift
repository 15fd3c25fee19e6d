import FoundationEssentials

/// A detail document fetched for the current view: the last value that decoded and the last error.
package struct Loaded<Value: Sendable & Equatable>: Sendable, Equatable {
    package var value: Value?
    package var fetchedAt: Date?
    package var error: String?
    package var errorAt: Date?

    package init(value: Value? = nil, fetchedAt: Date? = nil, error: String? = nil, errorAt: Date? = nil) {
        self.value = value
        self.fetchedAt = fetchedAt
        self.error = error
        self.errorAt = errorAt
    }

    /// True when the latest fetch failed but an older value is still shown.
    package var isStale: Bool { value != nil && error != nil }
}

/// One failed request, for the Errors view.
package struct ErrorRecord: Sendable, Equatable {
    package var time: Date
    package var url: String
    package var reason: String
    package var detail: String
    /// The endpoint's failures in a row when it happened.
    package var attempt: Int

    package init(time: Date, url: String, reason: String, detail: String, attempt: Int) {
        self.time = time
        self.url = url
        self.reason = reason
        self.detail = detail
        self.attempt = attempt
    }
}
