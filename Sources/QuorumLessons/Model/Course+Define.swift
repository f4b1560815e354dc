import QuorumModels

extension Course {
    /// The glossary entry for `term`, ignoring case, extra spacing, dashes and a plural ending:
    /// `define("Vector-Clocks")` finds "vector clock".
    public func define(_ term: String) -> GlossaryEntry? {
        let wanted = GlossaryKey(term)
        guard !wanted.spelled.isEmpty else { return nil }
        return glossary.first { GlossaryKey($0.term).spelled == wanted.spelled }
            ?? glossary.first { GlossaryKey($0.term).singular == wanted.singular }
            ?? glossary.first { GlossaryKey($0.term).squashed == wanted.squashed }
    }

    /// The glossary term `term` is most likely a typo of, for "did you mean" when `define` finds
    /// nothing.
    public func suggestTerm(for term: String) -> String? {
        let wanted = GlossaryKey(term).singular
        let keys = glossary.map { GlossaryKey($0.term).singular }
        guard let match = closestMatch(to: wanted, in: keys), let index = keys.firstIndex(of: match) else {
            return nil
        }
        return glossary[index].term
    }
}

/// A term normalized three ways, from strict to loose.
private struct GlossaryKey {
    /// Lowercased, dashes and underscores as spaces, runs of blanks as one space.
    var spelled: String
    /// As `spelled`, with the last word made singular.
    var singular: String
    /// As `singular`, without spaces: "vectorclock".
    var squashed: String

    init(_ term: String) {
        let separated = String(
            term.lowercased().map { (character: Character) -> Character in
                character == "-" || character == "_" ? " " : character
            })
        var words = separated.split(whereSeparator: \.isWhitespace).map(String.init)
        spelled = words.joined(separator: " ")
        if let last = words.popLast() { words.append(Self.singular(last)) }
        singular = words.joined(separator: " ")
        squashed = singular.filter { $0 != " " }
    }

    static func singular(_ word: String) -> String {
        if word.count > 4, word.hasSuffix("ies") { return word.dropLast(3) + "y" }
        for ending in ["sses", "xes", "ches", "shes", "zes"] where word.hasSuffix(ending) {
            return String(word.dropLast(2))
        }
        if word.count > 3, word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }
}
