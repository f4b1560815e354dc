import QuorumLessons
import Testing

@Suite struct FrontMatterDiagnosticsTests {
    func diagnostics(_ marked: MarkedText, file: String = "lessons/sample.md") -> [Diagnostic] {
        LessonParser.parse(marked.text, file: file).diagnostics
    }

    @Test func lessonWithoutFrontMatterIsReportedAtTheTop() {
        let marked = MarkedText("1️⃣# Just prose\n\n## A step\n\nText.\n")
        let (lesson, diagnostics) = LessonParser.parse(marked.text, file: "lessons/sample.md")
        #expect(lesson == nil)
        expectDiagnostic(diagnostics, "missing front matter", at: "1️⃣", in: marked)
    }

    @Test func frontMatterThatNeverClosesPointsAtItsOpening() {
        let marked = MarkedText("1️⃣---\nid: sample\ntitle: T\n\n## A step\n")
        expectDiagnostic(diagnostics(marked), "front matter is never closed", at: "1️⃣", in: marked)
    }

    @Test func frontMatterThatIsNotAMappingSaysWhatItShouldBe() {
        let marked = MarkedText("---\n1️⃣- id\n- title\n---\n\n## A step\n")
        expectDiagnostic(diagnostics(marked), "front matter must be a mapping", at: "1️⃣", in: marked)
    }

    @Test func malformedYAMLIsReportedWhereYamsStopped() {
        let marked = MarkedText("---\nid: sample\ntitle: [unclosed\n1️⃣---\n\n## A step\n")
        let found = diagnostics(marked)
        expectDiagnostic(found, "invalid YAML in front matter", at: "1️⃣", in: marked)
    }

    @Test func missingTitleIsReportedAtTheOpeningLine() {
        let marked = MarkedText("1️⃣---\nid: sample\n---\n\n## A step\n")
        expectDiagnostic(diagnostics(marked), "missing required field 'title' in front matter", at: "1️⃣", in: marked)
    }

    @Test func unknownFieldSuggestsTheNearestKnownOne() {
        let marked = MarkedText("---\nid: sample\ntitle: T\n1️⃣sumary: S\n---\n\n## A step\n")
        expectDiagnostic(
            diagnostics(marked), "unknown field 'sumary' in front matter (did you mean 'summary'?)", at: "1️⃣", in: marked
        )
    }

    @Test func minutesThatAreNotANumberAreAWrongType() {
        let marked = MarkedText("---\nid: sample\ntitle: T\nminutes: 1️⃣twenty\n---\n\n## A step\n")
        expectDiagnostic(diagnostics(marked), "'minutes' must be a whole number", at: "1️⃣", in: marked)
    }

    @Test func tagsThatAreNotAListAreAWrongType() {
        let marked = MarkedText("---\nid: sample\ntitle: T\ntags: 1️⃣{a: b}\n---\n\n## A step\n")
        expectDiagnostic(diagnostics(marked), "'tags' in front matter must be a list", at: "1️⃣", in: marked)
    }

    @Test func idMustMatchTheFileName() {
        let marked = MarkedText("---\nid: 1️⃣other\ntitle: T\n---\n\n## A step\n")
        expectDiagnostic(
            diagnostics(marked), "lesson id 'other' does not match its file name 'sample.md'", at: "1️⃣", in: marked)
    }

    @Test func idMustBeKebabCase() {
        let marked = MarkedText("---\nid: 1️⃣Cap Theorem\ntitle: T\n---\n\n## A step\n")
        expectDiagnostic(
            diagnostics(marked, file: "lessons/Cap Theorem.md"),
            "must be kebab-case (lowercase letters, digits and dashes), like 'cap-theorem'",
            at: "1️⃣", in: marked)
    }

    @Test func lessonWithoutStepsIsAnError() {
        let marked = MarkedText("---\nid: sample\ntitle: 1️⃣No steps here\n---\n\nOnly an overview.\n")
        let (lesson, found) = LessonParser.parse(marked.text, file: "lessons/sample.md")
        #expect(lesson == nil)
        expectDiagnostic(found, "lesson 'sample' has no steps", at: "1️⃣", in: marked)
    }

    @Test func everyProblemIsReportedInOnePass() {
        let marked = MarkedText("---\nid: 1️⃣Bad\n2️⃣titel: T\nminutes: 3️⃣-4\n---\n\n## A step\n")
        let found = diagnostics(marked)
        #expect(found.count == 5, "\(found.map(\.rendered))")
        expectDiagnostic(found, "kebab-case", at: "1️⃣", in: marked)
        expectDiagnostic(found, "unknown field 'titel'", at: "2️⃣", in: marked)
        expectDiagnostic(found, "'minutes' must be", at: "3️⃣", in: marked)
        #expect(found.contains { $0.message.contains("missing required field 'title'") })
        #expect(found.contains { $0.message.contains("does not match its file name") })
    }
}
