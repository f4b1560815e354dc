import Testing

@testable import QuorumTerminal

@Suite struct WrapTests {
    let color = TerminalStyle(colorEnabled: true)

    @Test func breaksBetweenWords() {
        #expect(wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
    }

    @Test func breaksAWordLongerThanTheWidthWhereTheWidthRunsOut() {
        #expect(wrap("see linearizability", width: 6) == ["see", "linear", "izabil", "ity"])
    }

    @Test func breaksALongURLOrNameAfterASlashOrHyphen() {
        #expect(
            wrap("(https://example.com/papers/raft.pdf)", width: 24) == ["(https://example.com/", "papers/raft.pdf)"])
        #expect(wrap("cap-register-with-sessions", width: 16) == ["cap-register-", "with-sessions"])
    }

    @Test func keepsNewlinesAsLineBreaks() {
        #expect(wrap("one\n\ntwo three", width: 20) == ["one", "", "two three"])
    }

    @Test func dropsTheSpacesWhereALineIsBrokenButKeepsIndentation() {
        #expect(wrap("  indented   words  ", width: 12) == ["  indented", "words"])
    }

    @Test func emptyTextIsOneEmptyLine() {
        #expect(wrap("", width: 10) == [""])
    }

    @Test func countsWideCharactersAsTwoColumns() {
        #expect(wrap("数据数据数据", width: 4) == ["数据", "数据", "数据"])
        #expect(wrap("🚀🚀 ok", width: 4) == ["🚀🚀", "ok"])
    }

    @Test func closesAStyleAtTheEndOfALineAndReopensItOnTheNext() {
        let lines = wrap(color.bold("one two"), width: 3)
        #expect(lines == ["\u{1B}[1mone\u{1B}[0m", "\u{1B}[1mtwo\u{1B}[22m"])
    }

    @Test func restoresNestedStylesOnTheNextLine() {
        let text = color.dim("quiet " + color.bold("loud words") + " quiet")
        let lines = wrap(text, width: 6)
        #expect(lines.map(ANSIEscapes.strip) == ["quiet", "loud", "words", "quiet"])
        #expect(styledCharacters(lines) == styledCharacters([text]))
        #expect(lines.allSatisfy { stateAfter($0).isDefault })
    }

    /// Words drawn from prose, styled words, wide text and long tokens, joined by one or more
    /// spaces and the odd newline.
    static func generatedText(_ random: inout SplitMix64) -> String {
        let style = TerminalStyle(colorEnabled: true)
        let words = [
            "a", "quorum", "of", "replicas", "linearizability", "数据", "共识算法", "🚀", "👩‍💻", "é",
            "n1,n2|n3", "https://example.com/a/very/long/path/that/will/not/fit",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            var word = words.randomElement(using: &random) ?? "a"
            switch Int.random(in: 0..<8, using: &random) {
            case 0: word = style.bold(word)
            case 1: word = style.code(word)
            case 2: word = style.dim("x " + style.bold(word) + " y")
            case 3: word = "\u{1B}[38;5;208m" + word
            case 4: word += "\u{1B}[0m"
            default: break
            }
            text += word
            text +=
                Int.random(in: 0..<10, using: &random) == 0
                ? "\n" : String(repeating: " ", count: Int.random(in: 1...3, using: &random))
        }
        return text
    }

    @Test func wrappedLinesNeverExceedTheWidth() {
        var random = SplitMix64(seed: 1)
        for _ in 0..<500 {
            let text = Self.generatedText(&random)
            let width = Int.random(in: 2...60, using: &random)
            let lines = wrap(text, width: width)
            let widest = lines.map(visibleWidth).max() ?? 0
            #expect(widest <= width, "width \(width): \(lines)")
        }
    }

    @Test func wrappingLosesReordersAndRestylesNothing() {
        var random = SplitMix64(seed: 2)
        for _ in 0..<500 {
            let text = Self.generatedText(&random)
            let lines = wrap(text, width: Int.random(in: 2...60, using: &random))
            #expect(styledCharacters(lines) == styledCharacters([text]), "\(text.debugDescription)")
        }
    }

    @Test func everyWrappedLineEndsWithTheTerminalBackInItsDefaultStyle() {
        var random = SplitMix64(seed: 3)
        for _ in 0..<500 {
            let lines = wrap(Self.generatedText(&random), width: Int.random(in: 2...60, using: &random))
            #expect(lines.allSatisfy { stateAfter($0).isDefault }, "\(lines)")
        }
    }

    @Test func truncatesWithAnEllipsis() {
        #expect(truncate("consensus", width: 5) == "cons…")
        #expect(truncate("raft", width: 5) == "raft")
        #expect(truncate("数据数据", width: 4) == "数…")
    }

    @Test func truncatesWithAnotherEllipsisWhenGivenOne() {
        #expect(truncate("consensus", width: 6, ellipsis: "...") == "con...")
        #expect(truncate("raft", width: 6, ellipsis: "...") == "raft")
        // Too narrow for the ellipsis: cut without one rather than exceed the width.
        #expect(truncate("consensus", width: 2, ellipsis: "...") == "co")
    }

    @Test func truncatingStyledTextClosesTheStyle() {
        let cut = truncate(color.code("partition-at: 2s"), width: 6)
        #expect(ANSIEscapes.strip(cut) == "parti…")
        #expect(stateAfter(cut).isDefault)
    }
}
