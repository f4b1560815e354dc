import Foundation
import QuorumLessons
import QuorumModels
import QuorumREPL
import QuorumStore
import QuorumTerminal

/// Everything the shell printed, split by stream.
final class Transcript: @unchecked Sendable {
    var output = ""
    var error = ""
    var all: String { output + error }
}

/// A reader that hands out scripted replies, where a nil stands for Ctrl-C.
final class ScriptedReader: LineReader {
    let isInteractive: Bool
    private var replies: [String?]

    /// `interactive` makes the shell show its prompts, as it does on a terminal.
    init(_ replies: [String?], interactive: Bool = false) {
        self.replies = replies
        isInteractive = interactive
    }

    /// Adds replies for the next command.
    func add(_ more: [String?]) {
        replies += more
    }

    func readLine(prompt: String) -> LineInput {
        guard !replies.isEmpty else { return .endOfInput }
        return replies.removeFirst().map(LineInput.line) ?? .interrupted
    }

    func remember(_ line: String) {}
}

/// The small course in `Tests/Fixtures/course`: two lessons, a sim block, and questions of the
/// kinds the shell treats differently (choice, truefalse, predict).
enum FixtureCourse {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/course").path
    }
}

/// The review course in `Tests/Fixtures/review-course`: three lessons in two tracks, four
/// questions with answers typed in one word (clocks-drift true, clocks-ntp "ntp",
/// ordering-lamport true, crashes-detect false, which has a hint).
enum ReviewFixtureCourse {
    static var directory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/review-course").path
    }
}

/// A clock that stands still until a test moves it.
final class TestClock: @unchecked Sendable {
    /// 2027-01-15T08:00:00Z, where every scripted session starts.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    var date = TestClock.start

    func advance(by seconds: TimeInterval) {
        date = date.addingTimeInterval(seconds)
    }
}

/// A shell over the fixture course with scripted input, as a learner's session would run.
struct ScriptedSession {
    let shell: Shell
    let transcript: Transcript
    let store: ProgressStore
    let courseDirectory: String
    let reader: ScriptedReader
    let clock: TestClock

    init(
        replies: [String?] = [], store: ProgressStore = .inMemory(), courseDirectory: String? = nil,
        clock: TestClock = TestClock(), interactive: Bool = false, shouldStop: @escaping () -> Bool = { false }
    ) throws {
        let directory = courseDirectory ?? FixtureCourse.directory
        let (course, diagnostics) = CourseLoader.load(directory: directory, registry: .standard)
        let transcript = Transcript()
        let console = Console(style: .plain, width: 100) { stream, text in
            if stream == .output { transcript.output += text } else { transcript.error += text }
        }
        self.transcript = transcript
        self.store = store
        self.courseDirectory = directory
        self.clock = clock
        reader = ScriptedReader(replies, interactive: interactive)
        shell = Shell(
            course: course, courseDirectory: directory, courseDiagnostics: diagnostics, store: store,
            storeNotices: [], console: console, reader: reader, now: { clock.date }, shouldStop: shouldStop)
    }

    @discardableResult
    func run(_ line: String) -> Shell.Outcome {
        shell.execute(line: line)
    }
}

func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-repl-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
