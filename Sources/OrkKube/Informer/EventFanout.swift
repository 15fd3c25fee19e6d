import Synchronization

/// Delivers an informer's events to its subscribers, each with its own bounded buffer.
///
/// Buffering policy: `publish` appends to every buffer at once (it runs under the store's lock, so
/// each subscriber sees events in exactly the order of the store's changes), and the producer then
/// calls `waitForRoom()`, which suspends while any buffer holds `capacity` events or more. A slow
/// subscriber therefore slows the informer down instead of losing events or growing memory without
/// bound; a buffer can exceed `capacity` only by one publish (a relist's diff or a resync, and the
/// store replay a new subscriber receives). Subscribers that are cancelled or dropped are removed
/// and never block anyone.
final class EventFanout: Sendable {
    private struct Subscriber {
        var buffer = EventBuffer()
        var waiting: CheckedContinuation<InformerEvent?, Never>?
    }

    private struct State {
        var subscribers: [Int: Subscriber] = [:]
        var producers: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
        var finished = false

        func hasRoom(_ capacity: Int) -> Bool {
            finished || subscribers.values.allSatisfy { $0.buffer.count < capacity }
        }
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Adds a subscriber whose buffer starts with `replay`; returns its id.
    func subscribe(replay: [InformerEvent]) -> Int {
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            var subscriber = Subscriber()
            for event in replay { subscriber.buffer.append(event) }
            // A subscriber joining a finished fanout only drains its replay.
            state.subscribers[id] = subscriber
            return id
        }
    }

    /// Appends `events` to every subscriber's buffer, waking those waiting.
    func publish(_ events: [InformerEvent]) {
        guard !events.isEmpty else { return }
        let wake = state.withLock { state -> [(CheckedContinuation<InformerEvent?, Never>, InformerEvent)] in
            guard !state.finished else { return [] }
            var wake: [(CheckedContinuation<InformerEvent?, Never>, InformerEvent)] = []
            for id in Array(state.subscribers.keys) {
                guard var subscriber = state.subscribers[id] else { continue }
                for event in events { subscriber.buffer.append(event) }
                if let waiting = subscriber.waiting, let first = subscriber.buffer.popFirst() {
                    subscriber.waiting = nil
                    wake.append((waiting, first))
                }
                state.subscribers[id] = subscriber
            }
            return wake
        }
        for (continuation, event) in wake { continuation.resume(returning: event) }
    }

    /// Returns once every subscriber has room (or the fanout finished, or the caller is cancelled).
    func waitForRoom() async {
        let id = state.withLock { state -> Int? in
            guard !state.hasRoom(capacity) else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.hasRoom(capacity) || Task.isCancelled { return true }
                    state.producers[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.producers.removeValue(forKey: id) }?.resume()
        }
    }

    /// The next event of subscriber `id`; nil once the fanout finished and its buffer is drained,
    /// after `unsubscribe`, or when the calling task is cancelled (which unsubscribes it).
    func next(_ id: Int) async -> InformerEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<InformerEvent?, Never>) in
                let (answer, producers) = state.withLock { state -> (InformerEvent??, [CheckedContinuation<Void, Never>]) in
                    guard var subscriber = state.subscribers[id], !Task.isCancelled else { return (.some(nil), []) }
                    if let event = subscriber.buffer.popFirst() {
                        state.subscribers[id] = subscriber
                        return (.some(event), Self.takeProducers(&state, capacity: capacity))
                    }
                    if state.finished {
                        state.subscribers[id] = nil
                        return (.some(nil), Self.takeProducers(&state, capacity: capacity))
                    }
                    subscriber.waiting = continuation
                    state.subscribers[id] = subscriber
                    return (nil, [])
                }
                for producer in producers { producer.resume() }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            unsubscribe(id)
        }
    }

    /// Removes subscriber `id` (its pending `next` returns nil).
    func unsubscribe(_ id: Int) {
        let (waiting, producers) = state.withLock { state in
            let removed = state.subscribers.removeValue(forKey: id)
            return (removed?.waiting, Self.takeProducers(&state, capacity: capacity))
        }
        waiting?.resume(returning: nil)
        for producer in producers { producer.resume() }
    }

    /// No more events: subscribers drain their buffers and then end; producers stop waiting.
    func finish() {
        let (waiting, producers) = state.withLock { state in
            state.finished = true
            var waiting: [CheckedContinuation<InformerEvent?, Never>] = []
            for (id, subscriber) in state.subscribers where subscriber.waiting != nil {
                if let continuation = subscriber.waiting { waiting.append(continuation) }
                state.subscribers[id] = nil  // a waiting subscriber has an empty buffer
            }
            let producers = Array(state.producers.values)
            state.producers = [:]
            return (waiting, producers)
        }
        for continuation in waiting { continuation.resume(returning: nil) }
        for producer in producers { producer.resume() }
    }

    private static func takeProducers(_ state: inout State, capacity: Int) -> [CheckedContinuation<Void, Never>] {
        guard !state.producers.isEmpty, state.hasRoom(capacity) else { return [] }
        let producers = Array(state.producers.values)
        state.producers = [:]
        return producers
    }
}

/// A FIFO of events: an array with a moving head, compacted as it drains.
struct EventBuffer: Sendable {
    private var items: [InformerEvent] = []
    private var head = 0

    var count: Int { items.count - head }

    mutating func append(_ event: InformerEvent) { items.append(event) }

    mutating func popFirst() -> InformerEvent? {
        guard head < items.count else { return nil }
        let event = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: items.count <= 4096)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return event
    }
}
