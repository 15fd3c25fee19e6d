import TestRandom
import Testing

/// The shared generator replays what the four copies it replaced did: the published SplitMix64, and
/// the variant OrkRuntimeTests' own copy computed (its first multiplier differs).
struct SeededRandomReplayTests {
    @Test func theStandardMixReplaysSplitMix64() {
        var random = SplitMix64(seed: 42)
        #expect([random.next(), random.next(), random.next()] == [0xBDD7_3226_2FEB_6E95, 0x28EF_E333_B266_F103, 0x4752_6757_130F_9F52])
        var zero = SplitMix64(state: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func theRuntimeTestsMixReplaysItsOldSequence() {
        var random = SplitMix64(seed: 42, mix: .runtimeTestsLegacy)
        #expect([random.next(), random.next(), random.next()] == [0xC3E0_B935_E8B7_3422, 0xBC26_DBE7_30CC_0CEC, 0x1421_1224_B785_8734])
    }
}
