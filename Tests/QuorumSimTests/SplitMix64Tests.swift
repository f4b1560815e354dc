import PropertyBased
import QuorumSim
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceImplementationsFirstOutputs() {
        // The first outputs of Vigna's reference splitmix64.c seeded with 0.
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func theSameSeedGivesTheSameStream() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var first = SplitMix64(seed: seed)
            var second = SplitMix64(seed: seed)
            #expect((0..<8).map { _ in first.next() } == (0..<8).map { _ in second.next() })
        }
    }

    @Test func unitDrawsStayInTheHalfOpenInterval() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var generator = SplitMix64(seed: seed)
            for _ in 0..<100 {
                let value = generator.nextUnit()
                #expect(value >= 0 && value < 1)
            }
        }
    }

    @Test func aSplitStreamDiffersFromItsParent() {
        var parent = SplitMix64(seed: 42)
        var child = parent.split()
        #expect((0..<4).map { _ in parent.next() } != (0..<4).map { _ in child.next() })
    }

    @Test func stableHashIsFNV1a() {
        // FNV-1a's 64-bit offset basis, and its published value for "a".
        #expect(stableHash("") == 0xCBF2_9CE4_8422_2325)
        #expect(stableHash("a") == 0xAF63_DC4C_8601_EC8C)
    }
}

@Suite struct SimDurationTests {
    @Test(
        arguments: [
            ("250ms", 250_000), ("2s", 2_000_000), ("1.5s", 1_500_000), ("300us", 300), ("1m", 60_000_000),
            ("2min", 120_000_000), ("5", 5_000), (" 10ms ", 10_000), ("0", 0), ("0.5ms", 500),
        ] as [(String, Int64)])
    func durationsReadAsAPersonWritesThem(text: String, micros: Int64) {
        #expect(SimDuration.parse(text) == micros)
    }

    @Test(arguments: ["", "ms", "-1ms", "abc", "1h", "1e400s", "nan", "2 s s"])
    func nonsenseIsRefused(text: String) {
        #expect(SimDuration.parse(text) == nil)
    }

    @Test(
        arguments: [
            (0, "0s"), (850, "850us"), (12_000, "12ms"), (1_500, "1.5ms"), (1_250_000, "1.25s"), (60_000_000, "60s"),
        ] as [(Int64, String)])
    func durationsPrintShort(micros: Int64, text: String) {
        #expect(SimDuration.format(micros) == text)
    }
}
