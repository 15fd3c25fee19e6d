import Foundation

/// A detail document fetched for the current view: the last value that decoded and the last error.
public struct Loaded<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value?
    public var fetchedAt: Date?
    public var error: String?
    public var errorAt: Date?

    public init(value: Value? = nil, fetchedAt: Date? = nil, error: String? = nil, errorAt: Date? = nil) {
        self.value = value
        self.fetchedAt = fetchedAt
        self.error = error
        self.errorAt = errorAt
    }

    /// True when the latest fetch failed but an older value is still shown.
    public var isStale: Bool { value != nil && error != nil }
}

/// One failed request, for the Errors view.
public struct ErrorRecord: Sendable, Equatable {
    public var time: Date
    public var url: String
    public var reason: String
    public var detail: String
    /// The endpoint's failures in a row when it happened.
    public var attempt: Int

    public init(time: Date, url: String, reason: String, detail: String, attempt: Int) {
        self.time = time
        self.url = url
        self.reason = reason
        self.detail = detail
        self.attempt = attempt
    }
}
