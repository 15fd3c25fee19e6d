/// A binary min-heap of delayed items ordered by deadline, then insertion sequence (FIFO ties).
/// Entries are invalidated lazily by the owner (it checks the sequence against its own table).
struct DelayHeap<Key> {
    struct Entry {
        var deadline: Duration
        var sequence: UInt64
        var key: Key

        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : sequence < other.sequence
        }
    }

    private var entries: [Entry] = []

    var count: Int { entries.count }
    var first: Entry? { entries.first }

    mutating func insert(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries.indices.contains(parent), entries.indices.contains(child),
                  entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        guard !entries.isEmpty else { return top }
        entries[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var best = parent
            if entries.indices.contains(left), entries[left].precedes(entries[best]) { best = left }
            if entries.indices.contains(right), entries[right].precedes(entries[best]) { best = right }
            guard best != parent else { break }
            entries.swapAt(parent, best)
            parent = best
        }
        return top
    }

    mutating func removeAll() {
        entries.removeAll()
    }
}
