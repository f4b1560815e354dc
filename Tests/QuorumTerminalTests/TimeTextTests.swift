import QuorumTerminal
import Testing

@Suite struct TimeTextTests {
    @Test(
        arguments: [
            (0, "0s"),
            (1, "1us"),
            (850, "850us"),
            (999, "999us"),
            (1_000, "1ms"),
            (12_500, "12.5ms"),
            (12_345, "12.35ms"),
            (150_000, "150ms"),
            (999_994, "999.99ms"),
            (1_000_000, "1s"),
            (1_204_000, "1.204s"),
            (1_500_000, "1.5s"),
            (-12_500, "-12.5ms"),
        ] as [(Int64, String)])
    func writesTimeInTheLargestReadableUnit(_ microseconds: Int64, _ text: String) {
        #expect(TimeText.format(microseconds: microseconds) == text)
    }

    @Test func roundsUpIntoTheNextUnitRatherThanWritingAThousand() {
        // 999.995ms rounds to 1000.00ms, which is written as a second.
        #expect(TimeText.format(microseconds: 999_995) == "1s")
        #expect(TimeText.format(microseconds: 999_999) == "1s")
    }

    @Test func theExtremesOfInt64HaveAText() {
        #expect(TimeText.format(microseconds: .max) == "9223372036854.776s")
        #expect(TimeText.format(microseconds: .min) == "-9223372036854.776s")
    }
}
