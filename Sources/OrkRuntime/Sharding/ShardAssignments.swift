import OrkValue
import Synchronization

/// One member's reading of the table (`ShardTable`): the buckets its informers select (those it
/// holds, draining ones included until released), the ones it reconciles (held, not draining) and
/// at which epoch, and its reconciles in flight per bucket — the member's side of the drain
/// handshake: a draining bucket's CRs are not started again, and its release waits until none of
/// them is in flight (`waitUntilIdle`), so the next owner never reconciles one while this one does.
final class ShardAssignments: Sendable {
    private struct State: Sendable {
        var table = ShardTable()
        /// The table Lease as last read (its resourceVersion makes the release's write conditional).
        var lease: JSONValue?
        var selected: Set<Int> = []
        var active: Set<Int> = []
        var inFlight: [Int: Int] = [:]
        var idleWaiters: [(buckets: Set<Int>, continuation: CheckedContinuation<Void, Never>)] = []
    }

    let member: String
    private let state = Mutex(State())
    /// Yields when the selected or the reconciled buckets changed (the informers select again, and
    /// the CRs of buckets reconciled again are queued).
    let selectionChanges = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    /// Yields on every new reading of the table (the drain acknowledgements look again).
    let tableChanges = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))

    init(member: String) {
        self.member = member
    }

    /// Takes a new reading of the table Lease (nil: it was deleted).
    func update(lease: JSONValue?) {
        let table = lease.map(ShardTableLease.table) ?? ShardTable()
        let selectionChanged = state.withLock { state -> Bool in
            state.table = table
            state.lease = lease
            let active = table.buckets(of: member)
            let selected = table.buckets(of: member, in: [.owned, .draining])
            defer {
                state.active = active
                state.selected = selected
            }
            return selected != state.selected || active != state.active
        }
        if selectionChanged { selectionChanges.continuation.yield() }
        tableChanges.continuation.yield()
    }

    var table: ShardTable { state.withLock { $0.table } }
    /// The table and the Lease it was read from, together (a release is written against both).
    var reading: (table: ShardTable, lease: JSONValue?) { state.withLock { ($0.table, $0.lease) } }
    /// The buckets this member's informers select.
    var selected: Set<Int> { state.withLock { $0.selected } }
    /// The buckets this member reconciles.
    var active: Set<Int> { state.withLock { $0.active } }
    /// The buckets this member holds draining (asked to let go, not yet released).
    var draining: Set<Int> { state.withLock { $0.table.buckets(of: member, in: [.draining]) } }

    /// The epoch this member holds `bucket` at (a reconcile that began before a drain was asked
    /// finishes at it); nil when it does not hold it.
    func epoch(of bucket: Int) -> Int? {
        state.withLock { state in
            guard let entry = state.table.entry(bucket), entry.member == member, entry.phase != .released else { return nil }
            return entry.epoch
        }
    }

    /// A worker takes a CR of `bucket`: false (do not reconcile it) unless this member holds the
    /// bucket and is not letting it go.
    func startReconcile(_ bucket: Int) -> Bool {
        state.withLock { state in
            guard state.active.contains(bucket) else { return false }
            state.inFlight[bucket, default: 0] += 1
            return true
        }
    }

    func finishReconcile(_ bucket: Int) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let left = (state.inFlight[bucket] ?? 1) - 1
            state.inFlight[bucket] = left > 0 ? left : nil
            let idle = state.inFlight.keys
            let (done, waiting) = state.idleWaiters.partitioned { $0.buckets.isDisjoint(with: idle) }
            state.idleWaiters = waiting
            return done.map(\.continuation)
        }
        for waiter in ready { waiter.resume() }
    }

    /// Returns once no reconcile of a CR in `buckets` is in flight (at once when none is).
    func waitUntilIdle(_ buckets: Set<Int>) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                guard !buckets.isDisjoint(with: state.inFlight.keys) else { return true }
                state.idleWaiters.append((buckets, continuation))
                return false
            }
            if idle { continuation.resume() }
        }
    }
}

extension Array {
    /// The elements that satisfy `belongs`, and the others, each in order.
    fileprivate func partitioned(_ belongs: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if belongs(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
