import Testing
@testable import OrkAccess

/// The LRU behind every cache of reviews and throttles: capped, least recently used forgotten first.
struct LRUCacheTests {
    @Test func forgetsTheLeastRecentlyUsed() {
        var cache = LRUCache<String, Int>(capacity: 3)
        #expect(cache.set(1, for: "a") == nil)
        cache.set(2, for: "b")
        cache.set(3, for: "c")
        #expect(cache.value(for: "a") == 1, "a is now the most recently used")
        #expect(cache.set(4, for: "d") == "b", "b was the least recently used")
        #expect(cache.keysByRecency == ["d", "a", "c"])
        #expect(cache.peek("b") == nil && cache.count == 3)
        cache.set(5, for: "c")
        #expect(cache.keysByRecency == ["c", "d", "a"])
        cache.remove("d")
        #expect(cache.keysByRecency == ["c", "a"] && cache.count == 2)
        cache.set(6, for: "e")
        cache.set(7, for: "f")
        #expect(cache.keysByRecency == ["f", "e", "c"], "removed slots are reused, the cap still holds")
        // A fixed pseudo-random sequence (a 64-bit LCG) of 10,000 writes over 1,000 keys.
        var state: UInt64 = 7
        var big = LRUCache<Int, Int>(capacity: 100)
        for step in 0..<10_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            big.set(step, for: Int(state >> 33) % 1_000)
        }
        #expect(big.count == 100 && Set(big.keysByRecency).count == 100)
    }
}
