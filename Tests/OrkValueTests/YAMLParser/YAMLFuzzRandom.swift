import Foundation

/// SplitMix64: a small seeded generator, so a failing fuzz input can be reproduced from its seed.
struct YAMLFuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &self) < percent
    }

    mutating func pick<T>(_ choices: [T]) -> T? {
        choices.randomElement(using: &self)
    }

    mutating func upTo(_ limit: Int) -> Int {
        Int.random(in: 0...max(0, limit), using: &self)
    }
}

/// How many fuzz inputs a run feeds: `ORK_FUZZ_ITERATIONS` (as the repository's other fuzz tests),
/// or `defaultCount`.
enum YAMLFuzzBudget {
    static func iterations(default defaultCount: Int) -> Int {
        guard let text = ProcessInfo.processInfo.environment["ORK_FUZZ_ITERATIONS"], let count = Int(text), count > 0 else {
            return defaultCount
        }
        return count
    }
}
