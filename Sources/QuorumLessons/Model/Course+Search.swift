import Foundation

/// A place where every searched word occurs: a lesson's overview or step, or a glossary term.
public struct SearchHit: Sendable, Equatable {
    /// Nil for a glossary hit.
    public var lessonID: String?
    /// The 0-based step; nil for a lesson's overview and for a glossary hit.
    public var stepIndex: Int?
    /// The step's title, the lesson's title for its overview, or the glossary term.
    public var title: String
    /// One line of text around the first match, with "…" where it was cut.
    public var snippet: String

    public init(lessonID: String?, stepIndex: Int?, title: String, snippet: String) {
        self.lessonID = lessonID
        self.stepIndex = stepIndex
        self.title = title
        self.snippet = snippet
    }
}

extension Course {
    /// Full-text search over the glossary and the loaded lessons (overview and steps): the places
    /// where every word occurs, ignoring case, best first. A word in a title counts more than one
    /// in the text, a whole word more than part of one, and a glossary term the query spells
    /// exactly comes first.
    public func search(_ words: String) -> [SearchHit] {
        var terms: [String] = []
        for word in words.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        where !terms.contains(word) {
            terms.append(word)
        }
        guard !terms.isEmpty else { return [] }
        let query = terms.joined(separator: " ")
        var scored: [(score: Int, hit: SearchHit)] = []
        for document in searchDocuments() {
            guard var score = SearchScore.score(document.title, document.body + " " + document.tags, terms) else {
                continue
            }
            if document.lessonID == nil, document.title.lowercased() == query { score += 1000 }
            let hit = SearchHit(
                lessonID: document.lessonID, stepIndex: document.stepIndex, title: document.title,
                snippet: SearchScore.snippet(document.body, terms))
            scored.append((score, hit))
        }
        // A stable sort: equal scores keep the course's order.
        return scored.enumerated()
            .sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .map(\.element.hit)
    }

    private struct Document {
        var lessonID: String?
        var stepIndex: Int?
        var title: String
        /// Plain text: Markdown emphasis and code marks removed, blanks collapsed.
        var body: String
        /// Searched, but not shown in snippets.
        var tags = ""
    }

    private func searchDocuments() -> [Document] {
        var documents = glossary.map { Document(title: $0.term, body: SearchScore.plain($0.definition)) }
        for lesson in lessons {
            documents.append(
                Document(
                    lessonID: lesson.id, title: lesson.title,
                    body: SearchScore.plain(lesson.summary + "\n" + lesson.overview),
                    tags: lesson.tags.joined(separator: " ")))
            for (index, step) in lesson.steps.enumerated() {
                let texts = step.blocks.map { block -> String in
                    switch block {
                    case .markdown(let text): text
                    case .sim(let sim): sim.caption ?? ""
                    case .quiz(let question): question.prompt
                    }
                }
                documents.append(
                    Document(
                        lessonID: lesson.id, stepIndex: index, title: step.title,
                        body: SearchScore.plain(texts.joined(separator: "\n"))))
            }
        }
        return documents
    }
}

/// How well a title and text match the searched words, and the snippet to show.
enum SearchScore {
    /// Nil unless every term occurs in the title or the body.
    static func score(_ title: String, _ body: String, _ terms: [String]) -> Int? {
        var score = 0
        for term in terms {
            let inTitle = ranges(of: term, in: title, limit: 1)
            let inBody = ranges(of: term, in: body, limit: 5)
            guard !inTitle.isEmpty || !inBody.isEmpty else { return nil }
            if let range = inTitle.first { score += isWholeWord(range, in: title) ? 15 : 10 }
            score += inBody.count * 2 + (inBody.contains { isWholeWord($0, in: body) } ? 3 : 0)
        }
        return score
    }

    /// About 100 characters of `body` around the earliest match, cut at word boundaries.
    static func snippet(_ body: String, _ terms: [String]) -> String {
        let first = terms.compactMap { ranges(of: $0, in: body, limit: 1).first?.lowerBound }.min() ?? body.startIndex
        var start = body.index(first, offsetBy: -30, limitedBy: body.startIndex) ?? body.startIndex
        var end = body.index(first, offsetBy: 70, limitedBy: body.endIndex) ?? body.endIndex
        if start > body.startIndex, let space = body[start..<first].firstIndex(of: " ") {
            start = body.index(after: space)
        }
        if end < body.endIndex, let space = body[first..<end].lastIndex(of: " ") {
            end = space
        }
        let text = body[start..<end].trimmingCharacters(in: .whitespaces)
        return (start > body.startIndex ? "…" : "") + text + (end < body.endIndex ? "…" : "")
    }

    /// Markdown as plain words on one line: emphasis, code and heading marks dropped.
    static func plain(_ markdown: String) -> String {
        markdown.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "*", with: "")
            .split(whereSeparator: \.isWhitespace)
            .filter { !$0.allSatisfy { $0 == "#" || $0 == ">" } }
            .joined(separator: " ")
    }

    private static func ranges(of term: String, in text: String, limit: Int) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        var searchStart = text.startIndex
        while found.count < limit,
            let range = text.range(of: term, options: [.caseInsensitive], range: searchStart..<text.endIndex)
        {
            found.append(range)
            guard range.upperBound > searchStart else { break }
            searchStart = range.upperBound
        }
        return found
    }

    private static func isWholeWord(_ range: Range<String.Index>, in text: String) -> Bool {
        let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
        let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
        return !before.isLetter && !before.isNumber && !after.isLetter && !after.isNumber
    }
}
