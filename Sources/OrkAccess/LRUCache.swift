/// A map with a size cap that forgets its least recently used entry when full. Reading an entry
/// (`value(for:)`) or writing it makes it the most recently used. All operations are O(1).
public struct LRUCache<Key: Hashable, Value> {
    public let capacity: Int
    private var slots: [LRUSlot<Key, Value>] = []
    private var index: [Key: Int] = [:]
    private var free: [Int] = []
    /// The most and the least recently used slot; -1 when empty.
    private var newest = -1
    private var oldest = -1

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { index.count }

    /// The value, made the most recently used; nil when absent.
    public mutating func value(for key: Key) -> Value? {
        guard let slot = index[key] else { return nil }
        moveToNewest(slot)
        return slots[slot].value
    }

    /// The value without touching the order.
    public func peek(_ key: Key) -> Value? {
        index[key].map { slots[$0].value }
    }

    /// Sets `value`, making it the most recently used; returns the key evicted to make room.
    @discardableResult
    public mutating func set(_ value: Value, for key: Key) -> Key? {
        if let slot = index[key] {
            slots[slot].value = value
            moveToNewest(slot)
            return nil
        }
        var evicted: Key?
        let slot: Int
        if index.count >= capacity, oldest >= 0 {
            slot = oldest
            evicted = slots[slot].key
            unlink(slot)
            index[slots[slot].key] = nil
            slots[slot].key = key
            slots[slot].value = value
        } else if let reused = free.popLast() {
            slot = reused
            slots[slot].key = key
            slots[slot].value = value
        } else {
            slot = slots.count
            slots.append(LRUSlot(key: key, value: value, newer: -1, older: -1))
        }
        index[key] = slot
        linkAsNewest(slot)
        return evicted
    }

    public mutating func remove(_ key: Key) {
        guard let slot = index.removeValue(forKey: key) else { return }
        unlink(slot)
        free.append(slot)
    }

    /// Keys from the most to the least recently used (for tests and diagnostics).
    var keysByRecency: [Key] {
        var keys: [Key] = []
        var slot = newest
        while slot >= 0 {
            keys.append(slots[slot].key)
            slot = slots[slot].older
        }
        return keys
    }

    private mutating func moveToNewest(_ slot: Int) {
        guard slot != newest else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    private mutating func unlink(_ slot: Int) {
        let newer = slots[slot].newer, older = slots[slot].older
        if newer >= 0 { slots[newer].older = older } else { newest = older }
        if older >= 0 { slots[older].newer = newer } else { oldest = newer }
        slots[slot].newer = -1
        slots[slot].older = -1
    }

    private mutating func linkAsNewest(_ slot: Int) {
        slots[slot].older = newest
        slots[slot].newer = -1
        if newest >= 0 { slots[newest].newer = slot }
        newest = slot
        if oldest < 0 { oldest = slot }
    }
}

/// One entry of an `LRUCache` and its neighbours in recency order (-1: none).
struct LRUSlot<Key, Value> {
    var key: Key
    var value: Value
    var newer: Int
    var older: Int
}

extension LRUSlot: Sendable where Key: Sendable, Value: Sendable {}
extension LRUCache: Sendable where Key: Sendable, Value: Sendable {}
