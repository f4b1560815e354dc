import QuorumREPL
import QuorumStore
import QuorumTerminal

/// libFuzzer entry for the shell's command line: splitting, completion and dispatch must
/// survive any bytes. `lint` and `history` are left out because they read whatever files the
/// bytes name (`quorum-fuzz-history` fuzzes the history readers directly).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommands(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = Completer.candidates(
        beforeCursor: line,
        context: CompletionContext(lessonIDs: ["cap"], modelNames: ["request-reply"], currentModel: "request-reply"))
    guard let words = try? CommandLexer.words(line), !["lint", "history"].contains(words.first?.lowercased())
    else { return 0 }
    let shell = Shell(
        course: nil, courseDirectory: nil, courseDiagnostics: [], store: ProgressStore.inMemory(), storeNotices: [],
        console: Console(style: .plain, width: 80) { _, _ in }, reader: PlainLineReader(script: ["a", "skip"]))
    shell.execute(words: words)
    return 0
}
