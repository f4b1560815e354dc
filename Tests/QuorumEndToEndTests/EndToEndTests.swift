import Foundation
import Testing

/// The built binary, driven through pipes and a pseudo-terminal as people and scripts drive it.
@Suite struct EndToEndTests {
    @Test func versionAndHelpWork() throws {
        let home = temporaryHome()
        let version = try Quorum.run(["--version"], home: home)
        #expect(version.status == 0)
        #expect(version.output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try Quorum.run(["--help"], home: home)
        #expect(help.output.contains("lessons"))
        #expect(help.output.contains("lint"))
        let learnHelp = try Quorum.run(["learn", "--help"], home: home)
        #expect(learnHelp.output.contains("lesson"))
    }

    @Test func aMistypedSubcommandGetsASuggestion() throws {
        let result = try Quorum.run(["lesons"], home: temporaryHome())
        #expect(result.status != 0)
        #expect(result.error.contains("did you mean 'lessons'"))
    }

    @Test func theShippedCoursePassesLint() throws {
        let lessons = Quorum.repository.appendingPathComponent("lessons").path
        let result = try Quorum.run(["lint", lessons], home: temporaryHome())
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("no errors"))
    }

    @Test func lintReportsFileLineAndColumnAndFails() throws {
        let broken = Quorum.repository.appendingPathComponent("Tests/Fixtures/broken-course").path
        let result = try Quorum.run(["lint", broken], home: temporaryHome())
        #expect(result.status == 1)
        // The model name sits on line 11 of bad.md, after "model: " (column 8).
        #expect(result.error.contains("bad.md:11:8: error:"))
        #expect(result.error.contains("request-reply"))
    }

    @Test func aBrokenLessonIsSkippedAndTheRestLoad() throws {
        let broken = Quorum.repository.appendingPathComponent("Tests/Fixtures/broken-course").path
        let result = try Quorum.run(["--course", broken, "lessons"], home: temporaryHome())
        #expect(result.status == 0)
        #expect(result.output.contains("A good lesson"))
        #expect(result.error.contains("skipped 1 broken lesson (bad)"))
    }

    @Test func aPipedSessionHasNoColourAndTheNextSessionResumes() throws {
        let home = temporaryHome()
        let first = try Quorum.run(
            ["--course", Quorum.fixtureCourse], input: "learn first\nnext\nquit\n", home: home)
        #expect(first.status == 0)
        #expect(first.output.contains("step 2 of 3"))
        #expect(!first.output.contains("\u{1B}["))
        let second = try Quorum.run(["--course", Quorum.fixtureCourse], input: "learn first\n", home: home)
        #expect(second.output.contains("Welcome back"))
        #expect(second.output.contains("picking up at step 2 of 3"))
        let steps = try Quorum.run(["--course", Quorum.fixtureCourse, "steps"], home: home)
        #expect(steps.output.contains("▶  2. Retries"))
    }

    @Test func anAnswerSurvivesKillDashNine() throws {
        let home = temporaryHome()
        let process = RunningQuorum(["--course", Quorum.fixtureCourse, "quiz", "first"], home: home)
        try process.start()
        process.write("Nothing certain about whether the server acted\n")
        #expect(process.waitForOutput(containing: "Right."))
        process.kill()
        let record = try Quorum.run(["--course", Quorum.fixtureCourse, "progress", "--json"], home: home)
        let attempts = try attemptsIn(record.output)
        #expect(attempts.count == 1)
        #expect(attempts.first?["questionID"] as? String == "first-lost-or-slow")
        #expect(attempts.first?["correct"] as? Bool == true)
    }

    @Test func twoShellsAnsweringAtOnceBothKeepTheirAnswers() throws {
        let home = temporaryHome()
        let answers = "Nothing certain about whether the server acted\ntrue\n0.49\n"
        let shells = (0..<2).map { _ in RunningQuorum(["--course", Quorum.fixtureCourse, "quiz", "first"], home: home) }
        for shell in shells { try shell.start() }
        for shell in shells { shell.write(answers) }
        for shell in shells { shell.closeInput() }
        let results = shells.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.error))")
        let record = try Quorum.run(["--course", Quorum.fixtureCourse, "progress", "--json"], home: home)
        let attempts = try attemptsIn(record.output)
        #expect(attempts.count == 6)
        #expect(attempts.filter { $0["questionID"] as? String == "first-predict" }.count == 2)
    }

    @Test func aCorruptDatabaseIsMovedAsideAndAFreshOneStarted() throws {
        let home = temporaryHome()
        let garbage = Data("this is not a database, it is a shopping list\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: home).appendingPathComponent("progress.sqlite"))
        let result = try Quorum.run(
            ["--course", Quorum.fixtureCourse], input: "learn first\nquit\n", home: home)
        #expect(result.status == 0)
        #expect(result.error.contains("progress.sqlite.corrupt-1"))
        let moved = try Data(contentsOf: URL(fileURLWithPath: home).appendingPathComponent("progress.sqlite.corrupt-1"))
        #expect(moved == garbage)
        #expect(result.output.contains("step 1 of 3"))
    }

    @Test func anUnwritableDataFolderWarnsAndTheShellStillWorks() throws {
        let home = temporaryHome()
        let file = URL(fileURLWithPath: home).appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try Quorum.run(
            ["--course", Quorum.fixtureCourse], input: "learn first\nnext\nquit\n",
            home: file.appendingPathComponent("data").path)
        #expect(result.status == 0)
        #expect(result.error.contains("not be saved"))
        #expect(result.output.contains("step 2 of 3"))
    }

    @Test func tabCompletesACommandInARealTerminal() throws {
        let home = temporaryHome()
        let terminal = try PseudoTerminal(arguments: ["--course", Quorum.fixtureCourse], home: home)
        #expect(terminal.waitFor("quorum> "))
        let start = terminal.mark
        // libedit redraws the completed word with cursor moves, so the proof is what runs: "les"
        // alone is an unknown command, while the completed "lessons" lists the course.
        terminal.type("les")
        #expect(terminal.waitFor("les", after: start))
        terminal.type("\t")
        #expect(terminal.waitFor("sons", after: start))
        terminal.type("\r")
        #expect(terminal.waitFor("First lesson", after: start))
        #expect(!terminal.screen(after: start).contains("unknown command"))
        terminal.type("quit\r")
        #expect(terminal.exitStatus() == 0)
    }

    @Test func closingTheTerminalEndsTheShell() throws {
        // A hung-up terminal makes every read fail; the shell must end, not retry forever.
        let terminal = try PseudoTerminal(arguments: ["--course", Quorum.fixtureCourse], home: temporaryHome())
        #expect(terminal.waitFor("quorum> "))
        terminal.hangUp()
        #expect(terminal.hasExited(within: 10))
    }

    @Test(
        .disabled(
            "Passes alone, but in the full parallel run Ctrl-C sometimes never reaches the child; checked by hand in a pty until the cause is found"
        ))
    func ctrlCCancelsTheLineAndTheShellGoesOn() throws {
        let home = temporaryHome()
        let terminal = try PseudoTerminal(arguments: ["--course", Quorum.fixtureCourse], home: home)
        #expect(terminal.waitFor("quorum> "))
        let start = terminal.mark
        terminal.type("half a comm")
        #expect(terminal.waitFor("half a comm", after: start))
        terminal.type("\u{03}")
        #expect(terminal.waitFor("^C", after: start))
        terminal.type("learn first\r")
        #expect(terminal.waitFor("step 1 of 3", after: start))
        #expect(!terminal.screen(after: start).contains("unknown command"))
        terminal.type("quit\r")
        #expect(terminal.exitStatus() == 0)
    }
}

private func attemptsIn(_ json: String) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    return object?["attempts"] as? [[String: Any]] ?? []
}
