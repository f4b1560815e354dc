import Testing

@testable import QuorumREPL

@Suite struct CommandLexerTests {
    @Test(arguments: [
        ("lessons", ["lessons"]),
        ("  learn   cap  ", ["learn", "cap"]),
        ("sim run cap-register partition=\"n1,n2|n3\"", ["sim", "run", "cap-register", "partition=n1,n2|n3"]),
        ("search 'two words'", ["search", "two words"]),
        (#"search a\ b"#, ["search", "a b"]),
        ("define \"\"", ["define", ""]),
        ("# a comment", []),
        ("", []),
        ("\t", []),
    ])
    func wordsSplitAsAShellWould(line: String, expected: [String]) throws {
        #expect(try CommandLexer.words(line) == expected)
    }

    @Test func anUnclosedQuoteIsAnErrorThatSaysSo() {
        #expect(throws: CommandLexError.self) { try CommandLexer.words("search \"partial") }
    }
}
