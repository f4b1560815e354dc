import Testing

@testable import QuorumTerminal

@Suite struct PaintedLineTests {
    @Test func writingOverHalfAWideCharacterBlanksTheOtherHalf() {
        var line = PaintedLine(width: 6)
        line.write("数据", at: 1, .plain)
        #expect(line.rendered(style: .plain) == " 数据")
        line.put("|", at: 2, .plain)
        #expect(line.rendered(style: .plain) == "  |据")
        line.put("|", at: 3, .plain)
        // The right half of 据 is blanked, and trailing blanks are not printed.
        #expect(line.rendered(style: .plain) == "  ||")
    }

    @Test func aWideCharacterThatWouldCrossTheEdgeIsCutToAnEllipsis() {
        var line = PaintedLine(width: 3)
        line.write("ab数", at: 0, .plain, limit: 3)
        // "ab数" is four columns: cut to two and an ellipsis.
        #expect(line.rendered(style: .plain) == "ab…")
        var edge = PaintedLine(width: 3)
        edge.write("数", at: 2, .plain)
        #expect(edge.rendered(style: .plain) == "  …")
    }

    @Test func runsOfOneColourShareTheirEscapeCodes() {
        let style = TerminalStyle(colorEnabled: true)
        var line = PaintedLine(width: 5)
        line.write("abc", at: 0, .accent)
        line.put("d", at: 3, .dim)
        #expect(line.rendered(style: style) == style.accent("abc") + style.dim("d"))
    }

    @Test func callerTextLosesEscapesAndLineBreaksAndCanBeMadeASCII() {
        #expect(DiagramText.clean("a\u{1B}[31mb\nc\td\u{7}", ascii: false) == "ab c d")
        #expect(DiagramText.clean("n1 → n2 … ✗ 数", ascii: true) == "n1 -> n2 ... x ?")
    }
}
