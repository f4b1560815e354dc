import Foundation
import Testing

/// Spaced repetition through the built binary: a record with overdue cards is imported, then
/// reviewed from standard input, then exported.
@Suite struct ReviewEndToEndTests {
    static var reviewCourse: String { Quorum.repository.appendingPathComponent("Tests/Fixtures/review-course").path }

    /// Two graduated cards (S = 10 days) last reviewed on 2020-01-01 and due on 2020-01-11, so
    /// long overdue whenever this runs, each with its one past review in the log.
    static let overdueRecord = """
        {"format": "quorum-progress", "version": 2, "exportedAt": "2020-01-02T00:00:00.000Z",
         "lessons": [], "attempts": [],
         "cards": [
          {"questionID": "clocks-drift", "lessonID": "clocks", "state": "review", "step": null, "stability": 10,
           "difficulty": 5, "due": "2020-01-11T00:00:00.000Z", "lastReview": "2020-01-01T00:00:00.000Z",
           "reps": 3, "lapses": 0},
          {"questionID": "ordering-lamport", "lessonID": "ordering", "state": "review", "step": null,
           "stability": 10, "difficulty": 5, "due": "2020-01-11T00:00:00.000Z",
           "lastReview": "2020-01-01T00:00:00.000Z", "reps": 3, "lapses": 0}],
         "reviews": [
          {"id": "past-1", "questionID": "clocks-drift", "lessonID": "clocks", "rating": 3,
           "reviewedAt": "2020-01-01T00:00:00.000Z", "elapsedDays": 4, "scheduledDays": 10, "stateBefore": "review"},
          {"id": "past-2", "questionID": "ordering-lamport", "lessonID": "ordering", "rating": 3,
           "reviewedAt": "2020-01-01T00:00:00.000Z", "elapsedDays": 4, "scheduledDays": 10, "stateBefore": "review"}]}
        """

    @Test func anImportedRecordIsReviewedAndExportedAgain() throws {
        let home = temporaryHome()
        let file = URL(fileURLWithPath: home).appendingPathComponent("record.json")
        try Data(Self.overdueRecord.utf8).write(to: file)
        let course = ["--course", Self.reviewCourse]

        let imported = try Quorum.run(course + ["progress", "import", file.path], home: home)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("2 cards taken (0 kept as they were); 2 reviews added (0 already here)."))

        let welcome = try Quorum.run(course, input: "quit\n", home: home)
        #expect(welcome.output.contains("2 questions are due for review: type review."))

        // Both were due at the same moment, so the order is by question id: clocks-drift, then
        // ordering-lamport. The first is answered right and Good is kept; the second is answered
        // wrong (Again suggested) and rated 2 (Hard) instead. A graduated card's Again is the
        // 10-minute relearning step.
        let review = try Quorum.run(course + ["review"], input: "true\n\nfalse\n2\n", home: home)
        #expect(review.status == 0, "\(review.error)")
        #expect(review.output.contains("Review: 2 cards due from 2 lessons, mixed"))
        #expect(review.output.contains("Question 1 of 2 · truefalse · Clocks"))
        #expect(review.output.contains("Question 2 of 2 · truefalse · Ordering"))
        #expect(review.output.contains("again 10m · hard "))
        #expect(review.output.contains("Enter keeps good"))
        #expect(review.output.contains("Enter keeps again"))
        #expect(review.output.contains("Good: back in "))
        #expect(review.output.contains("Hard: back in "))
        #expect(review.output.contains("Reviewed 2 cards: 1 answered right."))

        let export = try Quorum.run(course + ["progress", "export"], home: home)
        let object = try JSONSerialization.jsonObject(with: Data(export.output.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 2)
        let reviews = object?["reviews"] as? [[String: Any]] ?? []
        #expect(reviews.count == 4)
        let latest = reviews.suffix(2)
        #expect(latest.map { $0["questionID"] as? String } == ["clocks-drift", "ordering-lamport"])
        #expect(latest.map { $0["rating"] as? Int } == [3, 2])
        // Reviewed years after 2020-01-01: far more than 2000 whole days have passed.
        #expect(latest.allSatisfy { ($0["elapsedDays"] as? Int ?? 0) > 2000 })
        let cards = object?["cards"] as? [[String: Any]] ?? []
        #expect(cards.map { $0["reps"] as? Int } == [4, 4])
        #expect(cards.map { $0["state"] as? String } == ["review", "review"])
    }

    @Test func aMalformedImportFailsAndLeavesTheRecordAlone() throws {
        let home = temporaryHome()
        let file = URL(fileURLWithPath: home).appendingPathComponent("broken.json")
        try Data(#"{"format": "quorum-progress", "version": 2, "cards": 7}"#.utf8).write(to: file)
        let result = try Quorum.run(["--course", Self.reviewCourse, "progress", "import", file.path], home: home)
        #expect(result.status == 1)
        #expect(result.error.contains("This is not a quorum progress file"))
        #expect(result.error.contains("Nothing was changed."))
    }

    @Test func thePromptCountsDueCardsInARealTerminal() throws {
        let home = temporaryHome()
        let file = URL(fileURLWithPath: home).appendingPathComponent("record.json")
        try Data(Self.overdueRecord.utf8).write(to: file)
        let imported = try Quorum.run(["--course", Self.reviewCourse, "progress", "import", file.path], home: home)
        #expect(imported.status == 0)
        let terminal = try PseudoTerminal(arguments: ["--course", Self.reviewCourse], home: home)
        #expect(terminal.waitFor("quorum (2 due)> "))
        terminal.type("quit\r")
        #expect(terminal.exitStatus() == 0)
    }
}
