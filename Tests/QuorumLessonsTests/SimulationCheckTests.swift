import QuorumLessons
import QuorumModels
import Testing

/// Checks that need the model registry: models, parameters and predict metrics.
@Suite struct SimulationCheckTests {
    func diagnostics(_ marked: MarkedText) -> [Diagnostic] {
        LessonParser.parse(marked.text, file: "lessons/sample.md", registry: .standard).diagnostics
    }

    @Test func unknownModelSuggestsTheNearestRegisteredOne() {
        let marked = MarkedText(sampleLesson("## Step\n\n```sim\nmodel: 1️⃣request-replay\n```\n"))
        expectDiagnostic(
            diagnostics(marked), "unknown model 'request-replay' (did you mean 'request-reply'?)", at: "1️⃣", in: marked)
    }

    @Test func unknownParameterIsReportedAtItsName() {
        let marked = MarkedText(sampleLesson("## Step\n\n```sim\nmodel: request-reply\nparams: { 1️⃣los: 0.1 }\n```\n"))
        expectDiagnostic(
            diagnostics(marked), "unknown parameter 'los' for model 'request-reply' (did you mean 'loss'?)", at: "1️⃣",
            in: marked)
    }

    @Test func outOfRangeValueIsReportedAtTheValue() {
        let marked = MarkedText(
            sampleLesson(
                "## Step\n\n```sim\nmodel: request-reply\nparams:\n  loss: 1️⃣1.5\n  timeout: 2️⃣\"forever\"\n```\n"))
        let found = diagnostics(marked)
        expectDiagnostic(found, "invalid value '1.5' for 'loss': expected a number from 0 to 1", at: "1️⃣", in: marked)
        expectDiagnostic(found, "invalid value 'forever' for 'timeout'", at: "2️⃣", in: marked)
    }

    @Test func predictMetricTheModelDoesNotReportIsAnError() {
        let marked = MarkedText(
            sampleLesson(
                """
                ## Step

                ```quiz
                id: q
                kind: predict
                prompt: How many?
                sim: { model: request-reply, params: { loss: 0.2 } }
                metric: 1️⃣duplicates
                ```
                """))
        let (lesson, found) = LessonParser.parse(marked.text, file: "lessons/sample.md", registry: .standard)
        #expect(lesson == nil)
        expectDiagnostic(found, "model 'request-reply' reports no metric 'duplicates'", at: "1️⃣", in: marked)
    }

    @Test func predictSimulationIsCheckedLikeASimBlock() {
        let marked = MarkedText(
            sampleLesson(
                """
                ## Step

                ```quiz
                id: q
                kind: predict
                prompt: How many?
                sim:
                  model: request-reply
                  params: { retries: 1️⃣99 }
                metric: failed
                ```
                """))
        expectDiagnostic(diagnostics(marked), "invalid value '99' for 'retries'", at: "1️⃣", in: marked)
    }

    @Test func aLessonThatOnlyParsesIsNotCheckedAgainstModels() {
        let text = sampleLesson("## Step\n\n```sim\nmodel: no-such-model\n```\n")
        #expect(LessonParser.parse(text, file: "lessons/sample.md").diagnostics.isEmpty)
    }
}
