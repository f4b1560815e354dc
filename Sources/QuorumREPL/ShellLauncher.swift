import Foundation
import QuorumLessons
import QuorumModels
import QuorumStore
import QuorumTerminal

#if canImport(Glibc)
    import Glibc
#endif

/// What the command line says about how to start.
public struct LaunchOptions: Sendable {
    public var courseDirectory: String?
    public var noColor: Bool
    public var pager: Bool

    public init(courseDirectory: String? = nil, noColor: Bool = false, pager: Bool = false) {
        self.courseDirectory = courseDirectory
        self.noColor = noColor
        self.pager = pager
    }
}

/// Builds a shell from the real environment: the course folder, the data folder, the terminal.
///
/// The executable only parses arguments and calls one of these, so everything here is shared by
/// the interactive shell and by `quorum <command>`.
public enum ShellLauncher {
    /// Opens the interactive shell (or reads commands from a pipe) until quit; returns the exit code.
    public static func runInteractive(_ options: LaunchOptions) -> Int32 {
        Interrupts.install()
        let shell = makeShell(options)
        return shell.runLoop()
    }

    /// Runs one command, as `quorum lessons` or `quorum quiz cap` do; returns the exit code.
    public static func runCommand(_ words: [String], _ options: LaunchOptions) -> Int32 {
        Interrupts.install()
        let shell = makeShell(options)
        shell.reportStartupProblems()
        switch shell.execute(words: words) {
        case .ok, .quit: return 0
        case .failed: return 1
        case .exit(let code): return code
        }
    }

    static func makeShell(_ options: LaunchOptions) -> Shell {
        let environment = ProcessInfo.processInfo.environment
        let outputIsTerminal = TerminalEnvironment.isTerminal(STDOUT_FILENO)
        let style = TerminalStyle(
            colorEnabled: TerminalEnvironment.colorEnabled(
                isTerminal: outputIsTerminal, environment: environment, noColorFlag: options.noColor))
        let width =
            outputIsTerminal
            ? TerminalEnvironment.width(fileDescriptor: STDOUT_FILENO, environment: environment)
            : TerminalEnvironment.width(fileDescriptor: -1, environment: environment)
        let console = Console.standard(
            style: style, width: width, usePager: options.pager && outputIsTerminal, environment: environment)

        let dataDirectory = DataDirectory.resolve(
            environment: environment, homeDirectory: NSHomeDirectory())
        let (store, notices) = ProgressStore.open(directory: dataDirectory)

        let registry = ModelRegistry.standard
        let courseDirectory = resolveCourseDirectory(options.courseDirectory, environment: environment)
        var course: Course?
        var diagnostics: [Diagnostic] = []
        if let courseDirectory {
            (course, diagnostics) = CourseLoader.load(directory: courseDirectory, registry: registry)
        }

        // Shell and reader refer to each other (completion needs the shell's state), so the
        // reader's callbacks reach the shell through a box filled in just below.
        let box = ShellBox()
        var reader: LineReader = PlainLineReader()
        if TerminalEnvironment.isTerminal(STDIN_FILENO),
            let editor = EditLineReader(
                programName: "quorum",
                historyPath: store.isPersistent ? (dataDirectory as NSString).appendingPathComponent("history") : nil,
                completer: { line in
                    guard let shell = box.shell else { return [] }
                    return Completer.candidates(beforeCursor: line, context: shell.completionContext)
                },
                listCandidates: { candidates in box.shell?.listCompletions(candidates) })
        {
            reader = editor
        }
        let shell = Shell(
            course: course, courseDirectory: courseDirectory, courseDiagnostics: diagnostics, store: store,
            storeNotices: notices, registry: registry, console: console, reader: reader)
        box.shell = shell
        shell.labRunsDirectory = (dataDirectory as NSString).appendingPathComponent("labs")
        if course == nil, courseDirectory == nil {
            console.warning("no course folder found; start quorum with --course DIR or set QUORUM_COURSE.")
        }
        return shell
    }

    /// `--course`, else `$QUORUM_COURSE`, else the installed `share/quorum/lessons`, else the
    /// checkout's `lessons/` found by walking up from the executable.
    static func resolveCourseDirectory(_ option: String?, environment: [String: String]) -> String? {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["QUORUM_COURSE"], !fromEnvironment.isEmpty { return fromEnvironment }
        let manager = FileManager.default
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory =
            (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0).deletingLastPathComponent() } ?? executable.deletingLastPathComponent()
        let installed = directory.deletingLastPathComponent().appendingPathComponent("share/quorum/lessons")
        if manager.fileExists(atPath: installed.appendingPathComponent("course.yaml").path) { return installed.path }
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("lessons")
            if manager.fileExists(atPath: candidate.appendingPathComponent("course.yaml").path) {
                return candidate.path
            }
            directory.deleteLastPathComponent()
        }
        let local = URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent("lessons")
        if manager.fileExists(atPath: local.appendingPathComponent("course.yaml").path) { return local.path }
        return nil
    }
}

final class ShellBox {
    weak var shell: Shell?
}

extension Shell {
    /// Tab's list when it cannot decide: candidates in columns under the line.
    func listCompletions(_ candidates: [String]) {
        let widest = (candidates.map(\.count).max() ?? 0) + 2
        let columns = max(1, console.width / max(1, widest))
        var row = ""
        for (index, candidate) in candidates.enumerated() {
            row += candidate.rightPadded(to: widest)
            if (index + 1) % columns == 0 {
                console.line(row)
                row = ""
            }
        }
        if !row.isEmpty { console.line(row) }
    }
}
