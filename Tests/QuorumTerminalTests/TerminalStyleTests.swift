import Testing

@testable import QuorumTerminal

@Suite struct TerminalStyleTests {
    static let styles: [@Sendable (TerminalStyle, String) -> String] = [
        { $0.bold($1) }, { $0.dim($1) }, { $0.italic($1) }, { $0.underline($1) }, { $0.code($1) },
        { $0.heading($1, level: 1) }, { $0.heading($1, level: 3) }, { $0.heading($1, level: 4) },
        { $0.accent($1) }, { $0.success($1) }, { $0.warning($1) }, { $0.error($1) }, { $0.prompt($1) },
    ]

    @Test func withoutColourEveryStyleReturnsTheTextUnchanged() {
        for style in Self.styles {
            #expect(style(.plain, "quorum> ") == "quorum> ")
        }
    }

    @Test func withColourEveryStyleChangesTheLookAndEndsInTheDefaultState() {
        for style in Self.styles {
            let styled = style(TerminalStyle(colorEnabled: true), "text")
            #expect(styled != "text")
            #expect(ANSIEscapes.strip(styled) == "text")
            #expect(stateAfter(styled).isDefault)
        }
    }

    @Test func boldUsesTheBoldCodes() {
        #expect(TerminalStyle(colorEnabled: true).bold("x") == "\u{1B}[1mx\u{1B}[22m")
    }

    @Test func anOuterStyleSurvivesAnInnerOneThatSharesItsClosingCode() {
        let style = TerminalStyle(colorEnabled: true)
        let text = style.dim("before " + style.bold("loud") + " after")
        let states = styledCharacters([text]).map(\.state)
        #expect(states.count == 15)
        #expect(states[6..<10].allSatisfy { $0.dim && $0.bold }, "loud")
        #expect(states[10...].allSatisfy { $0.dim && !$0.bold }, "after")
    }

    @Test func emptyTextGetsNoCodes() {
        #expect(TerminalStyle(colorEnabled: true).bold("") == "")
    }
}
