/// A phrase reduced to what matters when comparing a typed answer with an accepted one.
///
/// Lowercases, collapses runs of whitespace to one space, strips punctuation and whitespace at
/// both ends, and drops the articles "a", "an" and "the" where they stand as whole words:
/// `"  The   Leader. "` and `"leader"` both become `"leader"`. Punctuation inside the phrase
/// stays (`"two-phase commit"` is not `"two phase commit"`). Applying it twice changes nothing.
public func normalizedPhrase(_ text: String) -> String {
    var current = text.lowercased()
    // Each pass can only shorten the text; an article freed by stripping ("(a) the") is
    // caught by the next pass.
    while true {
        let next = normalizedOnce(current)
        if next == current { return next }
        current = next
    }
}

private let articles: Set<Substring> = ["a", "an", "the"]

private func normalizedOnce(_ text: String) -> String {
    let words = strippedEnds(Substring(text))
        .split(whereSeparator: \.isWhitespace)
        .filter { !articles.contains($0) }
    return String(strippedEnds(Substring(words.joined(separator: " "))))
}

private func strippedEnds(_ text: Substring) -> Substring {
    let isEdge: (Character) -> Bool = { $0.isPunctuation || $0.isWhitespace }
    let start = text.firstIndex { !isEdge($0) } ?? text.endIndex
    let end = text.lastIndex { !isEdge($0) }.map { text.index(after: $0) } ?? start
    return text[start..<end]
}
