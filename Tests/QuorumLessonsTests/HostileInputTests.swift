import QuorumLessons
import QuorumModels
import Testing

/// Inputs that have crashed or hung YAML and Markdown parsers elsewhere: each must come back as
/// diagnostics, quickly, with positions that still match the file.
@Suite struct HostileInputTests {
    func parse(_ text: String) -> [Diagnostic] {
        LessonParser.parse(text, file: "lessons/sample.md", registry: .standard).diagnostics
    }

    @Test func emptyFileIsMissingItsFrontMatter() {
        #expect(
            parse("").map(\.message) == [
                "missing front matter: a lesson starts with a '---' line, then 'id:' and 'title:', then '---'"
            ])
    }

    @Test func overflowingSexagesimalNumberIsJustAWrongType() {
        // Yams' own Int accessor traps on this (60^12 overflows); the parser reads numbers itself.
        let marked = MarkedText("---\nid: sample\ntitle: T\nminutes: 1️⃣1:2:3:4:5:6:7:8:9:10:11:12:13\n---\n\n## Step\n")
        expectDiagnostic(parse(marked.text), "'minutes' must be a whole number", at: "1️⃣", in: marked)
    }

    @Test func aliasBombIsRefusedWithoutExpandingIt() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<12 {
            yaml +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        yaml += "? *a11\n: boom\n"
        let found = parse(sampleLesson("## Step\n\n```sim\n\(yaml)```\n"))
        #expect(found.map(\.message) == ["YAML aliases ('*a0') are not supported in sim blocks: write the value out"])
    }

    @Test func deepNestingStopsAtLibyamlsLimit() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let found = parse(sampleLesson("## Step\n\n```sim\nmodel: \(deep)\n```\n"))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("invalid YAML in sim block") == true)
    }

    @Test func controlCharactersAndOddLineBreaksKeepLineNumbersTrue() {
        // A lone CR, NEL, LS and PS are line breaks to libyaml but not to the file's line count.
        let marked = MarkedText(
            sampleLesson(
                "## Step\n\n```quiz\nid: q\nkind: truefalse\nprompt: a\rb\u{85}c\u{2028}d\u{2029}e\nanswer: 1️⃣perhaps\n```\n"
            ))
        expectDiagnostic(parse(marked.text), "must be true or false", at: "1️⃣", in: marked)
    }

    @Test func nulBytesBecomeADiagnostic() {
        let found = parse(sampleLesson("## Step\n\n```sim\nmodel: request-reply\ncaption: a\u{0}b\n```\n"))
        #expect(found.map(\.location.line) == [13])
    }

    @Test func unclosedEverythingIsReportedNotTrapped() {
        for text in ["---", "---\n", "---\n---", "```", "---\nid: a\ntitle: b\n---\n## x\n```quiz", "## \n```sim\n"] {
            let found = parse(text)
            #expect(!found.isEmpty, "\(text.debugDescription)")
        }
    }
}
