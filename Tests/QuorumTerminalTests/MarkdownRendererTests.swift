import Testing

@testable import QuorumTerminal

@Suite struct MarkdownRendererTests {
    func plain(_ markdown: String, width: Int = 40) -> String {
        MarkdownRenderer(width: width, style: .plain).render(markdown)
    }

    func colored(_ markdown: String, width: Int = 40) -> String {
        MarkdownRenderer(width: width, style: TerminalStyle(colorEnabled: true)).render(markdown)
    }

    @Test(arguments: [
        ("**strong start", "**strong start"),
        ("a *single star", "a *single star"),
        ("stray _ underscore", "stray _ underscore"),
        ("snake_case_name", "snake_case_name"),
        ("`unclosed code", "`unclosed code"),
        ("[text](https://unclosed.example", "[text](https://unclosed.example"),
        ("[text] (not a link)", "[text] (not a link)"),
        ("a ** b ** c", "a ** b ** c"),
        ("a *** b", "a *** b"),
    ])
    func unbalancedMarkupRendersAsWritten(_ markdown: String, _ expected: String) {
        #expect(plain(markdown) == expected)
    }

    @Test func emphasisLosesItsMarkersAndGainsItsStyle() {
        #expect(plain("*em* and **strong** and __strong__ and _em_") == "em and strong and strong and em")
        #expect(colored("*em*") == "\u{1B}[3mem\u{1B}[23m")
        #expect(colored("**strong**") == "\u{1B}[1mstrong\u{1B}[22m")
        #expect(colored("***both***") == "\u{1B}[3m\u{1B}[1mboth\u{1B}[22m\u{1B}[23m")
    }

    @Test func emphasisInsideCodeIsNotParsed() {
        #expect(plain("run `*not* emphasised`") == "run `*not* emphasised`")
        #expect(colored("`*x*`") == "\u{1B}[35m*x*\u{1B}[39m")
    }

    @Test func backslashEscapesShowTheCharacter() {
        #expect(
            plain(#"\*not emphasis\* and \[not a link\](x) and \a"#, width: 80)
                == #"*not emphasis* and [not a link](x) and \a"#)
    }

    @Test func linksShowTheirTextThenTheURL() {
        #expect(
            plain("see [the paper](https://example.com/raft.pdf)", width: 80)
                == "see the paper (https://example.com/raft.pdf)")
        #expect(plain("[https://example.com](https://example.com)") == "https://example.com")
        #expect(plain("<https://example.com>") == "https://example.com")
        #expect(colored("[a](u)") == "a (\u{1B}[2mu\u{1B}[22m)")
    }

    @Test func aHardBreakStartsANewLineAndASoftBreakDoesNot() {
        #expect(plain("one  \ntwo\nthree\\\nfour") == "one\ntwo three\nfour")
    }

    @Test func headingsOfLevelOneAndTwoAreUnderlinedToTheirLength() {
        #expect(plain("# Raft") == "Raft\n════")
        #expect(plain("## Log replication ##") == "Log replication\n───────────────")
        #expect(plain("### Terms") == "Terms")
        #expect(plain("#hashtag") == "#hashtag")
    }

    @Test func blocksAreSeparatedByExactlyOneBlankLine() {
        let rendered = plain("# Title\n\n\n\nText\n## Next\n- item\n\n\n> quote\n```\ncode\n```\n---\n")
        #expect(
            rendered == "Title\n═════\n\nText\n\nNext\n────\n\n• item\n\n│ quote\n\n    code\n\n"
                + String(repeating: "─", count: 40))
    }

    @Test func nestedBulletsUseAHollowBulletAndIndentUnderTheText() {
        let rendered = plain("- outer item with enough text to wrap here\n  - inner", width: 20)
        #expect(rendered == "• outer item with\n  enough text to\n  wrap here\n  ◦ inner")
    }

    @Test func orderedListsKeepTheirNumbersRightAligned() {
        let items = (1...10).map { "\($0). item" }.joined(separator: "\n")
        let lines = plain(items).split(separator: "\n")
        #expect(lines.first == " 1. item")
        #expect(lines.last == "10. item")
        #expect(plain("3. three\n4. four") == "3. three\n4. four")
        #expect(plain("9) wrapping text in an item", width: 14) == "9) wrapping\n   text in an\n   item")
    }

    @Test func aLooseListKeepsBlankLinesBetweenItems() {
        #expect(plain("- a\n\n- b") == "• a\n\n• b")
        #expect(plain("- a\n- b") == "• a\n• b")
    }

    @Test func blockQuotesGetABarAndWrapInsideIt() {
        #expect(plain("> a quote that wraps\n> > nested", width: 12) == "│ a quote\n│ that wraps\n│\n│ │ nested")
        #expect(plain("> lazy\ncontinuation") == "│ lazy continuation")
    }

    @Test func codeBlocksAreIndentedCutNotWrappedAndKeepTheirIndentation() {
        let rendered = plain("```yaml\nparams:\n  nodes: 3\n  partition: \"n1,n2|n3\"\n```", width: 20)
        #expect(rendered == "    params:\n      nodes: 3\n      partition: \"n…")
    }

    @Test func anUnclosedFenceKeepsEveryLineToTheEnd() {
        let rendered = plain("Before.\n\n~~~\nfirst\n\nsecond\n```\nthird")
        #expect(rendered == "Before.\n\n    first\n\n    second\n    ```\n    third")
    }

    @Test func tablesAreDrawnWithTheirAlignment() {
        let rendered = plain("| a | b |\n|:-:|--:|\n| 1 | 22 |")
        #expect(rendered == "┌───┬────┐\n│ a │  b │\n├───┼────┤\n│ 1 │ 22 │\n└───┴────┘")
    }

    @Test func aTableRowWithMoreCellsThanTheHeaderDropsTheExtraCells() {
        let rendered = plain("| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 |")
        #expect(rendered == "┌───┬───┐\n│ a │ b │\n├───┼───┤\n│ 1 │ 2 │\n│ 5 │   │\n└───┴───┘")
    }

    @Test func textFollowedByDashesIsAParagraphAndARule() {
        #expect(plain("Text\n---", width: 10) == "Text\n\n──────────")
    }

    @Test func lineEndingsAndTabsFromAnyEditorRenderTheSame() {
        #expect(plain("one\r\ntwo\rthree") == "one two three")
        #expect(plain("-\tindented with a tab\n\n\tcontinued") == plain("- indented with a tab\n\n  continued"))
    }

    @Test func controlCharactersInTheSourceNeverReachTheTerminal() {
        let rendered = plain("evil \u{1B}[2J\u{1B}]0;title\u{07} text \u{9B}31m")
        #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!rendered.unicodeScalars.contains { (0x7F..<0xA0).contains($0.value) })
    }

    @Test func withoutColourNoEscapeCodesAppear() {
        let rendered = plain(MarkdownSnapshotTests.lessonStep)
        #expect(!rendered.contains("\u{1B}"))
        #expect(colored(MarkdownSnapshotTests.lessonStep).contains("\u{1B}"))
    }

    /// Its four-column table needs 21 columns: two per column and the borders.
    @Test func theLessonStepFitsEveryWidthFromTwentyOneUp() {
        for width in 21...100 {
            for rendered in [
                plain(MarkdownSnapshotTests.lessonStep, width: width),
                colored(MarkdownSnapshotTests.lessonStep, width: width),
            ] {
                let widest = rendered.split(separator: "\n").map { visibleWidth(String($0)) }.max() ?? 0
                #expect(widest <= width, "width \(width)")
            }
        }
    }

    @Test func everyColouredLineEndsInTheDefaultStyle() {
        let lines = colored(MarkdownSnapshotTests.lessonStep).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { stateAfter(String($0)).isDefault })
    }

    static let fragments = [
        "*", "**", "***", "_", "__", "`", "``", "[", "]", "](", ")", "(", "!", "<", ">", "> ", "- ", "* ", "+ ",
        "1. ", "10) ", "|", "|---|", ":-:", "---", "#", "## ", "\\", "\n", "\n\n", "\t", "\r\n", "  ", "   ",
        "word", "quorum", "数据", "🚀", "e\u{301}", "http://x.y", "@", "\u{1B}[1m",
    ]

    /// Markdown-significant fragments in random order: whatever they make must render.
    static func generatedDocument(_ random: inout SplitMix64, fragments: [String] = fragments) -> String {
        (0..<Int.random(in: 0...80, using: &random)).map { _ in fragments.randomElement(using: &random) ?? "" }
            .joined()
    }

    @Test func anyInputRendersWithoutEscapesWhenPlainAndBalancedWhenColoured() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            let markdown = Self.generatedDocument(&random, fragments: Self.fragments + ["```", "~~~", "```x"])
            let width = Int.random(in: 1...60, using: &random)
            #expect(!plain(markdown, width: width).contains("\u{1B}"), "\(markdown.debugDescription)")
            let lines = colored(markdown, width: width).split(separator: "\n")
            #expect(lines.allSatisfy { stateAfter(String($0)).isDefault }, "\(markdown.debugDescription)")
        }
    }

    static func containsCode(_ blocks: [MarkdownBlock]) -> Bool {
        blocks.contains { block in
            switch block {
            case .code: true
            case .quote(let children): containsCode(children)
            case .list(let list): list.items.contains(where: containsCode)
            default: false
            }
        }
    }

    /// Outside code blocks, whose blank lines are content.
    @Test func anyInputRendersWithExactlyOneBlankLineBetweenBlocks() {
        var random = SplitMix64(seed: 6)
        for _ in 0..<2000 {
            let markdown = Self.generatedDocument(&random)
            guard !Self.containsCode(MarkdownBlockParser.parse(markdown)) else { continue }
            let rendered = plain(markdown, width: Int.random(in: 1...60, using: &random))
            #expect(!rendered.contains("\n\n\n"), "\(markdown.debugDescription)")
            #expect(!rendered.hasPrefix("\n") && !rendered.hasSuffix("\n"), "\(markdown.debugDescription)")
        }
    }

    @Test func deepNestingRendersInsteadOfExhaustingTheStack() {
        let quotes = String(repeating: ">", count: 10_000) + " deep"
        #expect(plain(quotes).contains("deep"))
        let lists = (0..<500).map { String(repeating: " ", count: $0 * 2) + "- level \($0)" }.joined(separator: "\n")
        #expect(plain(lists).contains("499"))
        let links = String(repeating: "[", count: 5_000) + "x" + String(repeating: "](u)", count: 5_000)
        #expect(plain(links).contains("x"))
    }

    @Test func pathologicalInlineInputStillRenders() {
        let stars = String(repeating: "*a ", count: 5_000)
        #expect(plain(stars, width: 200).contains("*a"))
        let openLinks = String(repeating: "[a](", count: 5_000)
        #expect(plain(openLinks, width: 200).contains("[a]("))
        let ticks = (1...300).map { String(repeating: "`", count: $0) + "x" }.joined()
        #expect(!plain(ticks).isEmpty)
    }
}
