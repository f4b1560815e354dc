import QuorumLessons
import QuorumModels
import Testing

@Suite struct CourseLoaderTests {
    @Test func oneBrokenLessonDoesNotStopTheOthersLoading() throws {
        let root = try fixture("course-with-broken-lesson")
        let (loaded, diagnostics) = CourseLoader.load(directory: root, registry: .standard)
        let course = try #require(loaded)
        #expect(course.title == "Distributed systems, hands on")
        #expect(course.lessons.map(\.id) == ["intro", "retries"])
        #expect(course.lesson(id: "retries")?.requires == ["intro"])
        #expect(course.lesson(id: "broken-quiz") == nil)
        #expect(Array(course.broken.keys) == ["broken-quiz"])
        #expect(
            course.broken["broken-quiz"]?.map(\.message) == [
                "answer 'e' names no choice: there are 2 (a to b, or 1 to 2)"
            ])
        #expect(diagnostics.map(\.location) == [SourceLocation(file: root + "/broken-quiz.md", line: 13, column: 9)])
    }

    @Test func tracksKeepManifestOrderIncludingAnEmptyOne() throws {
        let course = try #require(
            CourseLoader.load(directory: fixture("course-with-broken-lesson"), registry: .standard).course)
        #expect(
            course.tracks == [
                Track(title: "Foundations", lessonIDs: ["intro", "retries", "broken-quiz"]),
                Track(title: "Consensus", lessonIDs: []),
            ])
        #expect(course.track(containing: "retries")?.title == "Foundations")
        #expect(course.track(containing: "nowhere") == nil)
    }

    @Test func glossaryLoadsInTeachingOrder() throws {
        let course = try #require(
            CourseLoader.load(directory: fixture("course-with-broken-lesson"), registry: .standard).course)
        #expect(course.glossary.map(\.term) == ["idempotence", "timeout", "vector clock"])
        #expect(course.glossary[1].lessons == ["intro", "retries"])
    }

    @Test func readmeIsNotALesson() throws {
        let root = try fixture("course-with-broken-lesson")
        let diagnostics = CourseLoader.load(directory: root, registry: .standard).diagnostics
        #expect(!diagnostics.contains { $0.location.file.hasSuffix("README.md") })
    }

    @Test func manifestAndFilesThatDisagreeAreBothReported() throws {
        let root = try fixture("manifest-mismatch")
        let (loaded, diagnostics) = CourseLoader.load(directory: root, registry: .standard)
        let course = try #require(loaded)
        #expect(
            diagnostics.map(\.rendered) == [
                """
                \(root)/course.yaml:4:22: error: lesson 'missing-lesson' has no file: expected \(root)/missing-lesson.md
                    lessons: [intro, missing-lesson]
                                     ^~~~~~~~~~~~~~
                """,
                """
                \(root)/extra.md:2:5: error: lesson 'extra' is in no track of course.yaml: add it to one so learners can find it
                id: extra
                    ^~~~~
                """,
            ])
        #expect(course.lessons.map(\.id) == ["intro"])
        #expect(Set(course.broken.keys) == ["missing-lesson", "extra"])
    }

    @Test func requiresCycleSkipsOnlyTheLessonThatClosesIt() throws {
        let root = try fixture("requires-cycle")
        let (loaded, diagnostics) = CourseLoader.load(directory: root, registry: .standard)
        #expect(
            diagnostics.map(\.message) == [
                "requires cycle alpha → gamma → beta → alpha: a lesson cannot require itself, even through others"
            ])
        #expect(diagnostics.first?.location == SourceLocation(file: root + "/beta.md", line: 4, column: 12))
        #expect(loaded?.lessons.map(\.id) == ["alpha", "gamma"])
        #expect(loaded?.broken.keys.sorted() == ["beta"])
    }

    @Test func folderThatDoesNotExistGivesNoCourse() {
        let (course, diagnostics) = CourseLoader.load(directory: "no/such/folder", registry: .standard)
        #expect(course == nil)
        #expect(
            diagnostics.map(\.rendered) == ["no/such/folder:1:1: error: cannot read the course folder 'no/such/folder'"]
        )
    }

    @Test func lintRunsSimulationsAndFindsNothingMoreInAGoodLesson() throws {
        let root = try fixture("course-with-broken-lesson")
        let linted = CourseLinter.lint(directory: root, registry: .standard)
        #expect(linted == CourseLoader.load(directory: root, registry: .standard).diagnostics)
    }
}
