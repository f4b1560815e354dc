import QuorumCheck
import QuorumModels
import QuorumSim
import Testing

@testable import QuorumLessons

/// Checks across files, run on in-memory course folders so every position can be marked.
@Suite struct CourseDiagnosticsTests {
    static let manifest = MarkedText("title: T\ntracks:\n  - title: Track\n    lessons: [a, b]\n")

    func lint(
        _ lessons: [String: MarkedText], manifest: MarkedText = manifest, glossary: MarkedText? = nil,
        registry: ModelRegistry = .standard
    ) -> [Diagnostic] {
        let files = CourseFiles(
            root: "course", manifest: manifest.text, glossary: glossary?.text,
            lessons: lessons.map { ($0.key, $0.value.text) })
        return CourseLinter.lint(files, registry: registry)
    }

    func lesson(_ id: String, requires: String = "[]", steps: String = "## Step\n\nText.\n") -> MarkedText {
        MarkedText("---\nid: \(id)\ntitle: Lesson \(id)\nrequires: \(requires)\n---\n\n\(steps)")
    }

    static func quiz(_ id: String) -> String {
        "## Step\n\n```quiz\nid: \(id)\nkind: truefalse\nprompt: P?\nanswer: true\n```\n"
    }

    @Test func duplicateQuestionIDAcrossLessonsIsReportedInTheLaterLesson() {
        let b = lesson("b", steps: Self.quiz("1️⃣shared"))
        let found = lint(["a.md": lesson("a", steps: Self.quiz("shared")), "b.md": b])
        expectDiagnostic(
            found, "duplicate question id 'shared' (also used at course/a.md:10:5)", at: "1️⃣", in: b, file: "course/b.md"
        )
        #expect(found.count == 1, "\(found.map(\.rendered))")
    }

    @Test func duplicateLessonIDIsReportedInTheLaterFile() {
        let b = MarkedText("---\nid: 1️⃣a\ntitle: Also a\n---\n\n## Step\n")
        let found = lint(["a.md": lesson("a"), "b.md": b])
        expectDiagnostic(found, "duplicate lesson id 'a': course/a.md has it too", at: "1️⃣", in: b, file: "course/b.md")
        expectDiagnostic(found, "does not match its file name 'b.md'", at: "1️⃣", in: b, file: "course/b.md")
    }

    @Test func manifestLessonWithNoFileIsReportedInTheManifest() {
        let manifest = MarkedText("title: T\ntracks:\n  - title: Track\n    lessons: [a, 1️⃣bb]\n")
        let found = lint(["a.md": lesson("a"), "b.md": lesson("b")], manifest: manifest)
        expectDiagnostic(
            found, "lesson 'bb' has no file: expected course/bb.md (did you mean 'b'?)", at: "1️⃣", in: manifest,
            file: "course/course.yaml")
    }

    @Test func lessonFileMissingFromTheManifestIsReportedAtItsID() {
        let extra = MarkedText("---\nid: 1️⃣extra\ntitle: Extra\n---\n\n## Step\n")
        let found = lint(["a.md": lesson("a"), "b.md": lesson("b"), "extra.md": extra])
        expectDiagnostic(
            found, "lesson 'extra' is in no track of course.yaml", at: "1️⃣", in: extra, file: "course/extra.md")
    }

    @Test func requiresNamingNoLessonSuggestsTheNearest() {
        let b = lesson("b", requires: "[1️⃣aa]")
        let found = lint(["a.md": lesson("a"), "b.md": b])
        expectDiagnostic(found, "requires 'aa', which is no lesson in this course (did you mean 'a'?)", at: "1️⃣", in: b)
    }

    @Test func requiresCycleIsReportedOnceWhereItCloses() {
        let b = lesson("b", requires: "[1️⃣a]")
        let found = lint(["a.md": lesson("a", requires: "[b]"), "b.md": b])
        expectDiagnostic(found, "requires cycle a → b → a", at: "1️⃣", in: b, file: "course/b.md")
        #expect(found.count == 1, "\(found.map(\.rendered))")
    }

    @Test func lessonRequiringItselfIsACycle() {
        let a = lesson("a", requires: "[1️⃣a]")
        expectDiagnostic(lint(["a.md": a, "b.md": lesson("b")]), "lesson 'a' requires itself", at: "1️⃣", in: a)
    }

    @Test func glossaryNamingNoLessonIsReportedInTheGlossary() {
        let glossary = MarkedText("quorum:\n  definition: Enough nodes to overlap.\n  lessons: [a, 1️⃣nope]\n")
        let found = lint(["a.md": lesson("a"), "b.md": lesson("b")], glossary: glossary)
        expectDiagnostic(
            found, "glossary entry 'quorum' names lesson 'nope', which is no lesson", at: "1️⃣", in: glossary,
            file: "course/glossary.yaml")
    }

    @Test func glossaryEntryWithoutDefinitionIsReportedAtItsTerm() {
        let glossary = MarkedText("1️⃣quorum:\n  lessons: [a]\n")
        let found = lint(["a.md": lesson("a"), "b.md": lesson("b")], glossary: glossary)
        expectDiagnostic(found, "missing required field 'definition' in glossary entry 'quorum'", at: "1️⃣", in: glossary)
    }

    @Test func predictSimulationThatGivesNoNumberFailsLint() {
        let registry = ModelRegistry(models: [FaultyModel()])
        let b = lesson(
            "b",
            steps: """
                ## Step

                ```quiz
                id: q-nan
                kind: predict
                prompt: How many?
                sim: { model: faulty }
                metric: 1️⃣nan-metric
                ```

                ```quiz
                id: q-silent
                kind: predict
                prompt: How many?
                sim: { model: faulty }
                metric: 2️⃣unreported
                ```
                """)
        let files = ["a.md": lesson("a"), "b.md": b]
        let found = lint(files, registry: registry)
        expectDiagnostic(found, "metric 'nan-metric' came out as nan", at: "1️⃣", in: b)
        expectDiagnostic(found, "did not report metric 'unreported'", at: "2️⃣", in: b)

        let loaded = CourseLoader.load(
            CourseFiles(root: "course", manifest: Self.manifest.text, lessons: files.map { ($0.key, $0.value.text) }),
            registry: registry)
        #expect(loaded.diagnostics.isEmpty, "loading runs no simulation: \(loaded.diagnostics.map(\.rendered))")
    }

    @Test func everyLessonATrackListsIsLoadedOrExplained() throws {
        let files = CourseFiles(
            root: "course", manifest: Self.manifest.text,
            lessons: [("a.md", lesson("a").text), ("b.md", lesson("not-b").text)])
        let course = try #require(CourseLoader.load(files, registry: .standard).course)
        #expect(course.lessons.map(\.id) == ["a"])
        #expect(
            course.broken["b"]?.map(\.message) == [
                "lesson id 'not-b' does not match its file name 'b.md': rename one so they agree"
            ])
    }

    @Test func missingManifestIsReportedButLessonsStillLoad() {
        let files = CourseFiles(root: "course", manifest: nil, lessons: [("a.md", lesson("a").text)])
        let (course, diagnostics) = CourseLoader.load(files, registry: .standard)
        #expect(
            diagnostics.map(\.rendered) == [
                "course/course.yaml:1:1: error: no course.yaml: a course folder needs one naming the course and listing its tracks of lessons"
            ])
        #expect(course?.lessons.map(\.id) == ["a"])
        #expect(course?.tracks == [Track(title: "Lessons", lessonIDs: ["a"])])
    }

    @Test func malformedManifestIsADiagnosticNotACrash() {
        let manifest = MarkedText("title: T\ntracks:\n  - title: [\n1️⃣")
        let found = lint(["a.md": lesson("a")], manifest: manifest)
        expectDiagnostic(found, "invalid YAML in course.yaml", at: "1️⃣", in: manifest)
    }
}

/// A model that declares two metrics but reports one as NaN and the other not at all.
private struct FaultyModel: SimulationModel {
    let name = "faulty"
    let summary = "Reports nonsense."
    let parameters: [ParameterSpec] = []
    let metrics = [MetricSpec("nan-metric", doc: "Always NaN."), MetricSpec("unreported", doc: "Never reported.")]

    func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        FaultySession(
            sim: try FaultVocabulary.simulation(parameters, seed: seed, nodes: 1, clients: 0, trace: trace),
            header: RunHeader(model: name, seed: seed, parameters: parameters))
    }
}

/// A run with nothing in it, whose only report is the NaN.
private final class FaultySession: EngineSession {
    let sim: Simulation<Never, Never>
    let header: RunHeader
    let limit: SimTime = 0

    init(sim: Simulation<Never, Never>, header: RunHeader) {
        self.sim = sim
        self.header = header
    }

    func handle(_ event: SimEvent<Never, Never>) {}
    func describe(_ process: NodeID) -> [String] { [] }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        ([("nan-metric", .nan)], nil)
    }
}
