import QuorumQuiz
import Testing

@Suite struct PhraseTests {
    static let cases: [(String, String)] = [
        ("leader", "leader"),
        ("  The   Leader. ", "leader"),
        ("A Quorum", "quorum"),
        ("an Election!", "election"),
        ("the the leader", "leader"),
        ("leader, the", "leader"),
        ("Leader\tnode\n", "leader node"),
        ("...what?", "what"),
        ("Two-Phase Commit", "two-phase commit"),
        ("theory", "theory"),
        ("another answer", "another answer"),
        ("(a) the", ""),
        ("?!", ""),
        ("", ""),
    ]

    @Test(arguments: cases)
    func ignoresCaseSpacingEndPunctuationAndArticles(text: String, expected: String) {
        #expect(normalizedPhrase(text) == expected)
    }

    @Test(arguments: cases.map(\.0))
    func normalizingTwiceChangesNothing(text: String) {
        #expect(normalizedPhrase(normalizedPhrase(text)) == normalizedPhrase(text))
    }
}
