import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumStore
import QuorumTerminal

/// The interactive course: reads commands, keeps the learner's place, and saves every step and
/// answer as it happens.
///
/// Every command is also reachable as a subcommand of the `quorum` executable, which builds a
/// shell, runs one command through `execute(words:)` and exits with its outcome.
public final class Shell {
    /// How a command ended; the executable turns it into an exit code.
    public enum Outcome: Equatable, Sendable {
        case ok
        case failed
        case quit
        /// Ended with this process exit code (`history check` reports its verdict this way).
        case exit(Int32)
    }

    let console: Console
    let reader: LineReader
    let registry: ModelRegistry
    let store: ProgressStore
    let course: Course?
    let courseDirectory: String?
    let courseDiagnostics: [Diagnostic]
    let storeNotices: [StoreNotice]
    let now: () -> Date
    let shouldStop: () -> Bool
    /// FSRS-6 with its default weights, learning steps and retention; fuzz off.
    let scheduler = Scheduler()
    /// The open lesson and the 0-based step shown.
    var position: (lesson: Lesson, step: Int)?
    /// The last simulation run, for `diagram` and `timeline`.
    var lastRun: SimulationRun?
    /// Where `lab test` makes its run folders; nil to keep no folder.
    public var labRunsDirectory: String?
    private var warnedAboutSaving = false

    public init(
        course: Course?, courseDirectory: String?, courseDiagnostics: [Diagnostic], store: ProgressStore,
        storeNotices: [StoreNotice], registry: ModelRegistry = .standard, console: Console, reader: LineReader,
        now: @escaping () -> Date = Date.init, shouldStop: @escaping () -> Bool = { Interrupts.isRequested }
    ) {
        self.course = course
        self.courseDirectory = courseDirectory
        self.courseDiagnostics = courseDiagnostics
        self.store = store
        self.storeNotices = storeNotices
        self.registry = registry
        self.console = console
        self.reader = reader
        self.now = now
        self.shouldStop = shouldStop
        restorePosition()
    }

    /// Runs the read-eval-print loop until `quit` or Ctrl-D; returns the process exit code.
    public func runLoop() -> Int32 {
        welcome()
        while true {
            switch reader.readLine(prompt: prompt()) {
            case .endOfInput:
                if reader.isInteractive { console.line("Bye. Your progress is saved.") }
                return 0
            case .interrupted:
                continue
            case .line(let first):
                // A line ending in a backslash continues on the next, as in a Unix shell, so a
                // long `lab test` command from a lesson can be typed as it is shown.
                var line = first
                var cancelled = false
                while line.hasSuffix("\\") {
                    line.removeLast()
                    switch reader.readLine(prompt: reader.isInteractive ? "...> " : "") {
                    case .line(let more): line += " " + more
                    case .interrupted: cancelled = true
                    case .endOfInput: break
                    }
                    if cancelled { break }
                }
                if cancelled { continue }
                reader.remember(line)
                if execute(line: line) == .quit { return 0 }
            }
        }
    }

    /// Runs one command line; never throws and never crashes, whatever the line holds.
    @discardableResult
    public func execute(line: String) -> Outcome {
        do {
            return execute(words: try CommandLexer.words(line))
        } catch {
            console.error(error.description)
            return .failed
        }
    }

    @discardableResult
    public func execute(words: [String]) -> Outcome {
        guard let first = words.first else { return .ok }
        guard let spec = CommandTable.spec(named: first) else {
            var message = "unknown command '\(first)'"
            if let suggestion = CommandTable.suggestion(for: first) {
                message += " (did you mean '\(suggestion)'?)"
            }
            console.error(message + ". Type `help` to see every command.")
            return .failed
        }
        let arguments = Array(words.dropFirst())
        switch spec.name {
        case "lessons": return listLessons(arguments)
        case "learn": return learn(arguments)
        case "next": return move(by: 1, arguments)
        case "back": return move(by: -1, arguments)
        case "step": return jump(arguments)
        case "steps": return listSteps(arguments)
        case "run": return runStepSimulation(arguments)
        case "sim": return sim(arguments)
        case "diagram": return diagram(arguments)
        case "timeline": return timeline(arguments)
        case "quiz": return quiz(arguments)
        case "review": return review(arguments)
        case "progress": return progress(arguments)
        case "define": return define(arguments)
        case "search": return search(arguments)
        case "lint": return lint(arguments)
        case "history": return history(arguments)
        case "lab": return lab(arguments)
        case "help": return help(arguments)
        case "quit": return .quit
        default:
            console.error("internal error: command '\(spec.name)' has no handler (\(#fileID):\(#line))")
            return .failed
        }
    }

    /// What Tab completion offers right now.
    public var completionContext: CompletionContext {
        CompletionContext(
            lessonIDs: course?.lessons.map(\.id) ?? [],
            modelNames: registry.names,
            parametersByModel: Dictionary(
                registry.models.map { ($0.name, $0.parameters.map(\.name)) }, uniquingKeysWith: { first, _ in first }),
            glossaryTerms: course?.glossary.map(\.term) ?? [],
            currentModel: currentSimBlock()?.model)
    }

    /// `quorum> `, or `quorum (5 due)> ` while review cards are due.
    func prompt() -> String {
        guard reader.isInteractive else { return "" }
        let due = course == nil ? 0 : dueCount(at: now())
        let count = due > 0 ? " (\(due) due)" : ""
        guard console.style.colorEnabled else { return "quorum\(count)> " }
        // \u{1} brackets the colour codes so libedit leaves them out of the prompt's width.
        let dueText = due > 0 ? " \u{1}\u{1B}[33m\u{1}(\(due) due)\u{1}\u{1B}[0m\u{1}" : ""
        return "\u{1}\u{1B}[1;36m\u{1}quorum\u{1}\u{1B}[0m\u{1}\(dueText)> "
    }

    /// Refuses usage that takes no arguments but was given some.
    func expectNoArguments(_ arguments: [String], usage: String) -> Bool {
        guard arguments.isEmpty else {
            console.error("'\(usage)' takes no arguments (got '\(arguments.joined(separator: " "))').")
            return false
        }
        return true
    }

    /// Runs a write against the store, turning a failure (disk full, read-only file) into a
    /// warning: the shell goes on, and the learner knows what was not saved.
    func save(_ what: String, _ write: () throws -> Void) {
        do {
            try write()
        } catch {
            console.warning("could not save \(what): \(error). The shell goes on, but this was not saved.")
            warnedAboutSaving = true
        }
    }

    /// Reads from the store, falling back to `fallback` with a warning when the file cannot be read.
    func load<T>(_ what: String, fallback: T, _ read: () throws -> T) -> T {
        do {
            return try read()
        } catch {
            console.warning("could not read \(what): \(error)")
            return fallback
        }
    }

    private func restorePosition() {
        guard let course,
            let lessonID = try? store.meta("last-lesson"),
            let lesson = course.lesson(id: lessonID)
        else { return }
        let state = try? store.lessonState(lessonID)
        position = (lesson, min(max(0, state?.currentStep ?? 0), max(0, lesson.steps.count - 1)))
    }
}
