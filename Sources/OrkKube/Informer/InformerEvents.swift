/// The events of one informer subscription, in store order. It starts with an `.added` for every
/// object already in the store, so a late subscriber misses nothing, and ends when the informer
/// stops, when `cancel()` is called, or when the iterating task is cancelled. Dropping every copy
/// of the sequence and its iterators unsubscribes too (see `EventFanout` for the buffering policy).
public struct InformerEvents: AsyncSequence, Sendable {
    public typealias Element = InformerEvent
    public typealias Failure = Never

    let subscription: Subscription

    /// Iterates the subscription; iterators share it (each event goes to one of them).
    public struct AsyncIterator: AsyncIteratorProtocol {
        let subscription: Subscription

        public mutating func next() async -> InformerEvent? {
            await subscription.fanout.next(subscription.id)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(subscription: subscription) }

    /// Ends the subscription; buffered events are discarded.
    public func cancel() { subscription.fanout.unsubscribe(subscription.id) }

    /// One registration in a fanout, removed when the last reference goes.
    final class Subscription: Sendable {
        let fanout: EventFanout
        let id: Int

        init(fanout: EventFanout, id: Int) {
            self.fanout = fanout
            self.id = id
        }

        deinit { fanout.unsubscribe(id) }
    }
}
