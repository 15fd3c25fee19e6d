/// Which read deadline a connection is under, from what has been read and written so far:
/// - no request in progress: the next head must arrive within `readHeaderTimeout`;
/// - a request head read, its body not finished: the body must end within `readBodyTimeout`
///   of the head;
/// - requests read and being answered: none (the answer is ours to produce).
/// A pure state machine; ``ConnectionLimitsHandler`` schedules what it returns.
struct ReadDeadlines: Sendable, Equatable {
    enum Action: Sendable, Equatable {
        /// Arm the head deadline (replacing any other).
        case awaitHead
        /// Arm the body deadline (replacing any other).
        case awaitBody
        /// Cancel the armed deadline.
        case cancel
        /// Keep whatever is armed.
        case keep
    }

    /// A request head has been read and its end has not.
    private(set) var readingRequest = false
    /// Requests whose head was read and whose response has not ended.
    private(set) var unanswered = 0

    /// The connection is up: wait for the first head.
    func started() -> Action { .awaitHead }

    mutating func readHead() -> Action {
        readingRequest = true
        unanswered += 1
        return .awaitBody
    }

    mutating func readEnd() -> Action {
        guard readingRequest else { return .keep }
        readingRequest = false
        return unanswered == 0 ? .awaitHead : .cancel
    }

    /// A response ended (it may end before its request did: an early 413 or 429).
    mutating func wroteEnd() -> Action {
        if unanswered > 0 { unanswered -= 1 }
        if readingRequest { return .keep }
        return unanswered == 0 ? .awaitHead : .keep
    }
}
