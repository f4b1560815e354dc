import QuorumLessons
import QuorumModels
import Testing

@Suite struct CourseSearchTests {
    let course: Course

    init() throws {
        course = try #require(
            CourseLoader.load(directory: fixture("course-with-broken-lesson"), registry: .standard).course)
    }

    @Test func glossaryTermSpelledExactlyComesFirst() {
        let hits = course.search("timeout")
        #expect(hits.map(\.title) == ["timeout", "Waiting for a reply"])
        #expect(hits.first?.lessonID == nil)
        #expect(hits.last?.lessonID == "intro")
        #expect(hits.last?.stepIndex == 1)
    }

    @Test func everyWordMustMatchInAnyCaseAndTitlesRankHigher() {
        let hits = course.search("LOST Message")
        #expect(hits.map(\.lessonID) == ["intro", "retries"])
        #expect(hits.map(\.stepIndex) == [0, 0])
        #expect(hits.map(\.title) == ["Nodes and messages", "Retrying"])
    }

    @Test func snippetShowsTheTextAroundTheFirstMatch() throws {
        let hit = try #require(course.search("idempotence").first { $0.lessonID == "retries" && $0.stepIndex == 0 })
        #expect(hit.snippet.hasPrefix("…"))
        #expect(hit.snippet.contains("that is why idempotence matters."))
        #expect(hit.snippet.count < 110)
    }

    @Test func overviewHitHasNoStep() {
        let hits = course.search("unusable")
        #expect(hits.map(\.lessonID) == ["intro"])
        #expect(hits.map(\.stepIndex) == [nil])
        #expect(hits.map(\.title) == ["What is a distributed system?"])
        #expect(hits.first?.snippet.hasPrefix("…") == true)
        #expect(hits.first?.snippet.hasSuffix("your own computer unusable.") == true, "tags are searched, not shown")
    }

    @Test func brokenLessonsAreNotSearched() {
        #expect(course.search("broken").isEmpty)
    }

    @Test func nothingMatchesWhenOneWordIsAbsent() {
        #expect(course.search("timeout paxos").isEmpty)
        #expect(course.search("   ").isEmpty)
    }

    @Test(arguments: [
        ("timeout", "timeout"), ("Timeouts", "timeout"), ("Vector  Clocks", "vector clock"),
        ("vector-clock", "vector clock"), ("vectorclocks", "vector clock"), ("IDEMPOTENCE", "idempotence"),
    ])
    func defineIgnoresCaseSpacingAndPlural(term: String, expected: String) {
        #expect(course.define(term)?.term == expected)
    }

    @Test func defineFindsNothingForAnUnknownTermButSuggestsATypo() {
        #expect(course.define("paxos") == nil)
        #expect(course.suggestTerm(for: "idempotense") == "idempotence")
        #expect(course.define("timeout")?.definition.hasPrefix("How long a node waits") == true)
    }
}
