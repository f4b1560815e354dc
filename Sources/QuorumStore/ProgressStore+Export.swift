import Foundation
import GRDB

/// What `importDocument` changed.
public struct ImportSummary: Sendable, Equatable {
    /// Lessons in the document, each added or merged with the saved state.
    public var lessons: Int
    /// Answers that were not saved yet and now are.
    public var attemptsAdded: Int
    /// Answers already saved (same lesson, question, answer, outcome and time), left as they were.
    public var attemptsAlreadyPresent: Int
    /// Cards in the document.
    public var cards: Int
    /// Cards that were new here, or reviewed later in the document than here, and were taken.
    public var cardsTaken: Int
    /// Reviews whose id was not in the log yet.
    public var reviewsAdded: Int
    /// Reviews already in the log, left as they were.
    public var reviewsAlreadyPresent: Int

    public init(
        lessons: Int, attemptsAdded: Int, attemptsAlreadyPresent: Int, cards: Int = 0, cardsTaken: Int = 0,
        reviewsAdded: Int = 0, reviewsAlreadyPresent: Int = 0
    ) {
        self.lessons = lessons
        self.attemptsAdded = attemptsAdded
        self.attemptsAlreadyPresent = attemptsAlreadyPresent
        self.cards = cards
        self.cardsTaken = cardsTaken
        self.reviewsAdded = reviewsAdded
        self.reviewsAlreadyPresent = reviewsAlreadyPresent
    }
}

extension ProgressStore {
    /// Everything saved, read in one transaction so lessons, answers, cards and reviews agree.
    public func exportDocument(at date: Date) throws -> ProgressDocument {
        try read { db in
            let lessons = try Row.fetchAll(db, sql: "SELECT * FROM lesson_state ORDER BY lesson_id")
                .map(Self.lessonState(row:))
            let attempts = try Row.fetchAll(db, sql: "SELECT * FROM attempt ORDER BY answered_at, id")
                .map(Self.attempt(row:))
            let cards = try Row.fetchAll(db, sql: "SELECT * FROM card ORDER BY question_id").map(Self.card(row:))
            let reviews = try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY reviewed_at, id")
                .map(Self.review(row:))
            return ProgressDocument(
                exportedAt: Timestamp.normalized(date), lessons: lessons, attempts: attempts, cards: cards,
                reviews: reviews)
        }
    }

    /// The document as JSON: pretty-printed with sorted keys, dates as ISO-8601 UTC text with
    /// milliseconds, every key present (`null` when unset), ending with a newline.
    public static func encode(_ document: ProgressDocument) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        do {
            return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        } catch {
            // Only strings, integers, booleans and dates (as strings) are encoded: nothing can fail.
            fatalError("internal error: cannot encode a progress document: \(error)")
        }
    }

    /// Reads a document written by ``encode(_:)``.
    ///
    /// - Throws: ``StoreError/invalidDocument(reason:)`` naming what is wrong and where, or
    ///   ``StoreError/unsupportedDocumentVersion(_:)`` for a document from a newer quorum.
    public static func decode(_ json: String) throws(StoreError) -> ProgressDocument {
        let data = Data(json.utf8)
        // Check the envelope first, so a newer version is reported as such rather than as
        // whatever key it renamed.
        struct Envelope: Decodable {
            var format: String?
            var version: Int?
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not a date like 2025-03-01T09:30:00.250Z")
            }
            return date
        }
        let envelope: Envelope
        do {
            envelope = try decoder.decode(Envelope.self, from: data)
        } catch {
            throw .invalidDocument(reason: describe(error))
        }
        guard envelope.format == ProgressDocument.formatName else {
            throw .invalidDocument(reason: "its \"format\" is not \"\(ProgressDocument.formatName)\"")
        }
        guard let version = envelope.version, version >= 1 else {
            throw .invalidDocument(reason: "it has no valid \"version\"")
        }
        guard version <= ProgressDocument.currentVersion else {
            throw .unsupportedDocumentVersion(version)
        }
        do {
            return try decoder.decode(ProgressDocument.self, from: data)
        } catch {
            throw .invalidDocument(reason: describe(error))
        }
    }

    /// Merges an exported document into this store, in one transaction: if anything fails,
    /// nothing is changed.
    ///
    /// Answers and reviews already present are skipped, so importing the same file twice changes
    /// nothing. A lesson keeps the earliest start and first completion of both sides, stays
    /// completed if either side completed it, and takes its current step from whichever side was
    /// updated last. A card is taken from the document when it is new here or was reviewed later
    /// there; on a tie the card here stays. Reviews are matched by id.
    @discardableResult
    public func importDocument(_ document: ProgressDocument) throws -> ImportSummary {
        try write { db in
            for lesson in document.lessons {
                let saved = try Row.fetchOne(
                    db, sql: "SELECT * FROM lesson_state WHERE lesson_id = ?", arguments: [lesson.lessonID]
                ).map(Self.lessonState(row:))
                try Self.upsert(saved.map { Self.merge($0, lesson) } ?? lesson, db)
            }
            var added = 0
            for attempt in document.attempts {
                let present = try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM attempt WHERE lesson_id = ? AND question_id = ? AND answer = ?
                            AND correct = ? AND used_hint = ? AND skipped = ? AND answered_at = ?)
                        """,
                    arguments: [
                        attempt.lessonID, attempt.questionID, attempt.answer, attempt.correct, attempt.usedHint,
                        attempt.skipped, Timestamp.string(attempt.answeredAt),
                    ])
                if present != true {
                    try Self.insert(attempt, db)
                    added += 1
                }
            }
            var taken = 0
            for card in document.cards {
                let saved = try Row.fetchOne(
                    db, sql: "SELECT * FROM card WHERE question_id = ?", arguments: [card.questionID]
                ).map(Self.card(row:))
                if let saved, !Self.isNewer(card, than: saved) { continue }
                try Self.upsert(card, db)
                taken += 1
            }
            var reviewsAdded = 0
            for review in document.reviews {
                if try Self.insert(review, db) { reviewsAdded += 1 }
            }
            return ImportSummary(
                lessons: document.lessons.count, attemptsAdded: added,
                attemptsAlreadyPresent: document.attempts.count - added, cards: document.cards.count,
                cardsTaken: taken, reviewsAdded: reviewsAdded,
                reviewsAlreadyPresent: document.reviews.count - reviewsAdded)
        }
    }

    /// Whether an imported card was reviewed after the saved one (a card never reviewed is oldest).
    static func isNewer(_ imported: CardRecord, than saved: CardRecord) -> Bool {
        guard let importedReview = imported.lastReview else { return false }
        guard let savedReview = saved.lastReview else { return true }
        return Timestamp.milliseconds(importedReview) > Timestamp.milliseconds(savedReview)
    }

    static func merge(_ saved: LessonState, _ imported: LessonState) -> LessonState {
        var merged = imported.updatedAt > saved.updatedAt ? imported : saved
        merged.startedAt = min(saved.startedAt, imported.startedAt)
        merged.completed = saved.completed || imported.completed
        merged.completedAt = [saved.completedAt, imported.completedAt].compactMap { $0 }.min()
        return merged
    }

    static func upsert(_ state: LessonState, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO lesson_state
                    (lesson_id, current_step, step_count, completed, started_at, updated_at, completed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                state.lessonID, max(state.currentStep, 0), max(state.stepCount, 0), state.completed,
                Timestamp.string(state.startedAt), Timestamp.string(state.updatedAt),
                state.completedAt.map(Timestamp.string),
            ])
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "it is not valid JSON" }
        func at(_ path: [any CodingKey]) -> String {
            guard !path.isEmpty else { return "at the top level" }
            let parts = path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            return "at " + String(parts.joined().drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\"\(key.stringValue)\" is missing \(at(context.codingPath))"
        case .typeMismatch(let type, let context):
            return "expected \(type) \(at(context.codingPath))"
        case .valueNotFound(let type, let context):
            return "expected \(type) \(at(context.codingPath)), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "it is not valid JSON" }
            return "\(context.debugDescription) \(at(context.codingPath))"
        @unknown default:
            return "it could not be read"
        }
    }
}
