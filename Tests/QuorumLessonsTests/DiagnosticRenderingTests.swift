import QuorumLessons
import QuorumModels
import Testing

@Suite struct DiagnosticRenderingTests {
    @Test func renderedDiagnosticQuotesTheLineWithACaretUnderTheOffendingText() throws {
        let text = sampleLesson("## Step\n\n```sim\nmodel: request-reply\nparams: { loss: 0.2, tiemout: 50ms }\n```\n")
        let diagnostics = LessonParser.parse(text, file: "lessons/sample.md", registry: .standard).diagnostics
        #expect(
            diagnostics.map(\.rendered) == [
                """
                lessons/sample.md:13:22: error: unknown parameter 'tiemout' for model 'request-reply' (did you mean 'timeout'?)
                params: { loss: 0.2, tiemout: 50ms }
                                     ^~~~~~~
                """
            ])
    }

    @Test func caretKeepsTabsSoItLinesUpAndNeverRunsPastTheLine() {
        let diagnostic = Diagnostic(
            severity: .warning, location: SourceLocation(file: "f.md", line: 3, column: 3), message: "m", length: 40,
            sourceLine: "\t\tab")
        #expect(diagnostic.rendered == "f.md:3:3: warning: m\n\t\tab\n\t\t^~")
    }

    @Test func withoutASourceLineOnlyTheMessageIsPrinted() {
        let diagnostic = Diagnostic(
            severity: .error, location: SourceLocation(file: "course.yaml", line: 1, column: 1), message: "missing")
        #expect(diagnostic.rendered == "course.yaml:1:1: error: missing")
    }
}
