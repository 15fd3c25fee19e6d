import Foundation
import TestRandom

/// The shared SplitMix64 with the draws the YAML fuzzing uses, so a failing fuzz input can be
/// reproduced from its seed.
struct YAMLFuzzRandom: RandomNumberGenerator {
    private var generator: SplitMix64

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 { generator.next() }

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
