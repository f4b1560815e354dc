import Testing

@testable import QuorumQuiz

@Suite struct NumberReadingTests {
    static let readable: [(String, Double)] = [
        ("0.667", 0.667),
        ("2/3", 2.0 / 3.0),
        ("66.7%", 0.667),
        ("50 %", 0.5),
        ("1,000", 1000),
        ("1,000,000", 1_000_000),
        ("12,345.6", 12345.6),
        ("1e3", 1000),
        ("2.5E-2", 0.025),
        ("-0.5", -0.5),
        ("\u{2212}2", -2),
        ("+2", 2),
        (" 3 ", 3),
        (".5", 0.5),
        ("5.", 5),
        ("-1/4", -0.25),
        (" 1 / 4 ", 0.25),
        ("0", 0),
    ]

    @Test(arguments: readable)
    func readsWhatLearnersType(text: String, expected: Double) throws {
        let value = try #require(NumberReading.parse(text))
        #expect(abs(value - expected) <= abs(expected) * 1e-12)
    }

    static let junk: [String] = [
        "", "   ", "abc", "12abc", "1/0", "0/0", "1e999", "-1e999", "inf", "nan", "0x10", "1_000", "1 000",
        "0,5", "1,00", "1,000,00", "01,000", ",", ".", "1.2.3", "--1", "- 1", "1e", "e3", "%", "50%%", "2/3%",
        "1/2/3", "/2", "1/", "\u{663}",
    ]

    @Test(arguments: junk)
    func refusesWhatIsNoNumber(text: String) {
        #expect(NumberReading.parse(text) == nil)
    }

    static let formatted: [(Double, String)] = [
        (2.0 / 3.0, "0.666667"),
        (0.667, "0.667"),
        (1000, "1000"),
        (-0.5, "-0.5"),
        (0, "0"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.3"),
        (0.000_123_456, "0.000123456"),
        (1_234_567.4, "1234567"),
        (1e20, "1e+20"),
        (.infinity, "inf"),
    ]

    @Test(arguments: formatted)
    func numbersAreShownWithSixSignificantDigits(value: Double, expected: String) {
        #expect(formattedNumber(value) == expected)
    }
}
