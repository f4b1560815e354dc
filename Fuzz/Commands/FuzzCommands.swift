import QuorumREPL
import QuorumStore
import QuorumTerminal

/// libFuzzer entry for the shell's command line: splitting, completion and dispatch must
/// survive any bytes. `lint` is left out because it reads whatever folder the bytes name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommands(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let line = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = Completer.candidates(
        beforeCursor: line,
        context: CompletionContext(lessonIDs: ["cap"], modelNames: ["request-reply"], currentModel: "request-reply"))
    guard let words = try? CommandLexer.words(line), words.first?.lowercased() != "lint" else { return 0 }
    let shell = Shell(
        course: nil, courseDirectory: nil, courseDiagnostics: [], store: ProgressStore.inMemory(), storeNotices: [],
        console: Console(style: .plain, width: 80) { _, _ in }, reader: PlainLineReader(script: ["a", "skip"]))
    shell.execute(words: words)
    return 0
}
