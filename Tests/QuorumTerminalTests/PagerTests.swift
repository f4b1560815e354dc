import Foundation
import Testing

@testable import QuorumTerminal

/// Serialized: the pager changes process-wide signal dispositions while it runs.
@Suite(.serialized) struct PagerTests {
    func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quorum-pager-\(UUID().uuidString)")
    }

    @Test func pipesTheTextThroughThePager() throws {
        let output = temporaryFile()
        defer { try? FileManager.default.removeItem(at: output) }
        let shown = Pager.show(
            "line one\nline two", environment: ["PAGER": "cat > '\(output.path)'"], stdoutIsTerminal: true)
        #expect(shown)
        #expect(try String(contentsOf: output, encoding: .utf8) == "line one\nline two\n")
    }

    @Test func doesNothingWhenStdoutIsNotATerminal() {
        let output = temporaryFile()
        let shown = Pager.show("text", environment: ["PAGER": "cat > '\(output.path)'"], stdoutIsTerminal: false)
        #expect(!shown)
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test func reportsAPagerThatCannotStartSoTheCallerPrints() {
        let shown = Pager.show(
            "text", environment: ["PAGER": "quorum-no-such-pager-anywhere 2>/dev/null"], stdoutIsTerminal: true)
        #expect(!shown)
    }

    @Test func reportsAMissingPagerRunWithoutAShell() {
        #expect(!Pager.show("text", environment: ["PAGER": "quorum-no-such-pager-anywhere -R"], stdoutIsTerminal: true))
    }

    #if os(Linux)
        /// A pager in a process group of its own is a background job on the terminal and is stopped
        /// the moment `less` reads a key; the pager must join the shell's foreground group.
        @Test func runsThePagerInTheShellsProcessGroup() throws {
            let output = temporaryFile()
            defer { try? FileManager.default.removeItem(at: output) }
            let pager = "cut -d' ' -f5 /proc/$$/stat > '\(output.path)'"
            #expect(Pager.show("text", environment: ["PAGER": pager], stdoutIsTerminal: true))
            let group = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(group == String(getpgrp()))
        }
    #endif

    @Test(arguments: ["", "cat", "  "])
    func anEmptyOrCatPagerMeansPrintDirectly(_ pager: String) {
        #expect(!Pager.show("text", environment: ["PAGER": pager], stdoutIsTerminal: true))
    }

    @Test func aPagerThatQuitsWithoutReadingDoesNotKillTheShell() {
        let long = String(repeating: "a line of a long lesson\n", count: 20_000)
        #expect(Pager.show(long, environment: ["PAGER": "true"], stdoutIsTerminal: true))
    }

    @Test func theRealEntryPointDoesNothingWhenStdoutIsNotATerminal() {
        guard !TerminalEnvironment.isTerminal(STDOUT_FILENO) else { return }
        #expect(!Pager.show("text", environment: ["PAGER": "true"]))
    }
}
