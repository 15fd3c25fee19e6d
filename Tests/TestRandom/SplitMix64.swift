/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator, so randomized tests replay the same
/// inputs from a seed on every machine. The one copy the test targets share (no dependencies).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The first multiplier of the output mix.
    public enum Mix: Sendable {
        /// 0xBF58476D1CE4E5B9, as published.
        case standard
        /// 0xBF58476CE5B9E85B: a mistyped constant OrkRuntimeTests has always used; kept so its seeds
        /// replay the sequences they did (still a well-mixed 64-bit generator for a test's purposes).
        case runtimeTestsLegacy

        var firstMultiplier: UInt64 {
            switch self {
            case .standard: return 0xBF58_476D_1CE4_E5B9
            case .runtimeTestsLegacy: return 0xBF58_476C_E5B9_E85B
            }
        }
    }

    public var state: UInt64
    private let firstMultiplier: UInt64

    public init(seed: UInt64, mix: Mix = .standard) {
        state = seed
        firstMultiplier = mix.firstMultiplier
    }

    public init(state: UInt64) {
        self.init(seed: state)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* firstMultiplier
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
