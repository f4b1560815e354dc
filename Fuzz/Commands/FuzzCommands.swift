import QuorumREPL
import QuorumStore
import QuorumTerminal

/// libFuzzer entry for the shell's command line: splitting, completion and dispatch must
/// survive any bytes. Commands that touch files are left out (`quorum-fuzz-history` fuzzes the
/// history readers directly).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommands(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let line = String(decoding: UnsafeBufferPointer(start: size > 0 ? data : nil, count: size), as: UTF8.self)
    _ = Completer.candidates(
        beforeCursor: line,
        context: CompletionContext(lessonIDs: ["cap"], modelNames: ["request-reply"], currentModel: "request-reply"))
    guard let words = try? CommandLexer.words(line), !readsOrWritesFiles(words) else { return 0 }
    let shell = Shell(
        course: nil, courseDirectory: nil, courseDiagnostics: [], store: ProgressStore.inMemory(), storeNotices: [],
        console: Console(style: .plain, width: 80) { _, _ in }, reader: PlainLineReader(script: ["a", "skip"]))
    shell.execute(words: words)
    return 0
}

/// `lint`, `history` and `progress export/import` touch whatever files the bytes name.
private func readsOrWritesFiles(_ words: [String]) -> Bool {
    let first = words.first?.lowercased()
    if first == "lint" || first == "history" { return true }
    return first == "progress" && words.dropFirst().contains { ["export", "import"].contains($0.lowercased()) }
}

/// SwiftPM links an executable target with `--defsym main=<module>_main`, so libFuzzer's own
/// `main` never runs; this is that symbol, and it starts libFuzzer's driver instead.
@_cdecl("quorum_fuzz_commands_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzCommands)
}

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
