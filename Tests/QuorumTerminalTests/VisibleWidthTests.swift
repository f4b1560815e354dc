import Testing

@testable import QuorumTerminal

@Suite struct VisibleWidthTests {
    @Test(arguments: [
        ("plain", 5),
        ("", 0),
        ("\u{1B}[1;31mred\u{1B}[0m", 3),
        ("\u{1B}[38;5;208mx\u{1B}[39m", 1),
        ("\u{1B}]8;;https://example.com\u{07}link\u{1B}]8;;\u{07}", 4),
        ("cut off \u{1B}[", 8),
    ])
    func ignoresEscapeSequences(_ text: String, _ width: Int) {
        #expect(visibleWidth(text) == width)
    }

    @Test(arguments: [
        ("数据", 4),
        ("한국어", 6),
        ("ＡＢ", 4),
        ("🚀", 2),
        ("👩‍💻", 2),
        ("🇫🇷", 2),
        ("❤️", 2),
        ("👍🏽", 2),
        ("e\u{301}", 1),
        ("zero\u{200B}width", 9),
        ("tab\tbell\u{07}", 7),
    ])
    func countsColumnsNotCharacters(_ text: String, _ width: Int) {
        #expect(visibleWidth(text) == width)
    }

    @Test func countsACombiningMarkAfterAnEscapeAsNoColumn() {
        #expect(visibleWidth("\u{1B}[1m\u{301}a") == 1)
    }
}
