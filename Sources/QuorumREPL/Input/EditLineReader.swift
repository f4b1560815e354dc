import CLibEdit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Line editing, history and tab completion from libedit, for a person at a terminal.
///
/// libedit calls back through C function pointers that cannot capture context, so the reader
/// registers itself as the editor's client data and the callbacks fetch it from there.
public final class EditLineReader: LineReader {
    public let isInteractive = true
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private var promptStorage: UnsafeMutablePointer<CChar>?
    private let completer: (_ beforeCursor: String) -> [String]
    private let listCandidates: (_ candidates: [String]) -> Void

    /// Returns nil when libedit cannot start (no terminal, or no termcap entry).
    ///
    /// - Parameters:
    ///   - historyPath: where history is loaded from and saved to; nil keeps it in memory.
    ///   - completer: the candidates for the word before the cursor, given the line up to it.
    ///   - listCandidates: prints several candidates under the line when Tab cannot decide.
    public init?(
        programName: String, historyPath: String?, completer: @escaping (String) -> [String],
        listCandidates: @escaping ([String]) -> Void
    ) {
        guard isatty(STDIN_FILENO) == 1,
            let editor = el_init(programName, quorum_stdin(), quorum_stdout(), quorum_stderr()),
            let history = quorum_history_open(1_000)
        else { return nil }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        self.completer = completer
        self.listCandidates = listCandidates

        quorum_el_set_editor(editor, "emacs")
        quorum_el_set_history(editor, history)
        quorum_el_set_signal(editor, 0)
        quorum_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        quorum_el_set_prompt_esc(
            editor,
            { editor in
                guard let editor, let data = quorum_el_get_clientdata(editor) else { return nil }
                return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptStorage
            }, 1)
        quorum_el_add_function(editor, "quorum-complete", "Complete the word before the cursor") { editor, _ in
            guard let editor, let data = quorum_el_get_clientdata(editor) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        quorum_el_bind(editor, "^I", "quorum-complete")
        // Honour the learner's ~/.editrc, as other libedit programs do.
        el_source(editor, nil)
        if let historyPath { quorum_history_load(history, historyPath) }
    }

    deinit {
        saveHistory()
        el_end(editor)
        history_end(history)
        free(promptStorage)
    }

    public func readLine(prompt: String) -> LineInput {
        free(promptStorage)
        promptStorage = strdup(prompt)
        Interrupts.clear()
        var count: Int32 = 0
        errno = 0
        guard let raw = el_gets(editor, &count) else {
            let readError = errno
            // Only Ctrl-C cancels the line. Any other failed read (the terminal hung up: EIO)
            // ends the session; treating it as a cancelled line would spin on the dead terminal.
            if readError == EINTR || Interrupts.isRequested {
                // Ctrl-C: forget the half-typed line and start afresh on a new one.
                Interrupts.clear()
                el_reset(editor)
                fputs("^C\n", quorum_stdout())
                fflush(quorum_stdout())
                return .interrupted
            }
            fputs("\n", quorum_stdout())
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        quorum_history_enter(history, line)
        saveHistory()
    }

    private func saveHistory() {
        if let historyPath { quorum_history_save(history, historyPath) }
    }

    /// Tab: complete a unique candidate, extend to the longest common prefix, or list them all.
    private func complete() -> UInt8 {
        guard let info = el_line(editor)?.pointee, let start = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let length = cursor - start
        let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(start), count: max(0, length))
        let beforeCursor = String(decoding: bytes, as: UTF8.self)
        let word = beforeCursor.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let candidates = completer(beforeCursor)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1, let only = candidates.first {
            var insertion = String(only.dropFirst(word.count))
            if !only.hasSuffix("=") { insertion += " " }
            el_insertstr(editor, insertion)
            return UInt8(CC_REFRESH)
        }
        let prefix = commonPrefix(candidates)
        if prefix.count > word.count {
            el_insertstr(editor, String(prefix.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        fputs("\n", quorum_stdout())
        listCandidates(candidates)
        fflush(quorum_stdout())
        return UInt8(CC_REDISPLAY)
    }
}

/// The longest prefix every candidate shares.
func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for word in words.dropFirst() {
        while !word.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
