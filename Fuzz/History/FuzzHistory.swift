import QuorumCheck

/// libFuzzer entry for the history readers and checkers: whatever the bytes, reading returns a
/// history or `file:line` diagnostics, and every check finishes (on a small budget) without a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHistory(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
    for format in [nil] + HistoryFormat.allCases.map(Optional.some) {
        switch HistoryReader.read(bytes, file: "fuzz", format: format) {
        case .failure(let error):
            for diagnostic in error.diagnostics { _ = diagnostic.description }
        case .success(let file):
            let history = file.history
            for model in ModelKind.allCases where model.validate(history, file: "fuzz").isEmpty {
                let report = model.checkLinearizability(history, budget: SearchBudget(maxSteps: 20_000))
                _ = report.violation?.reason
                _ = model.checkLinearizability(history, budget: SearchBudget(maxSteps: 20_000), partitioned: false)
                _ = model.checkSequentialConsistency(history, budget: SearchBudget(maxSteps: 20_000))
                _ = model.checkSessions(history).violations.map(\.explanation)
                _ = model.staleness(history).maximum
                _ = model.checkConvergence(file.replicas, history: history).converged
            }
            for operation in history.operations { _ = OperationText.label(operation) }
        }
    }
    return 0
}

/// SwiftPM links an executable target with `--defsym main=<module>_main`, so libFuzzer's own
/// `main` never runs; this is that symbol, and it starts libFuzzer's driver instead.
@_cdecl("quorum_fuzz_history_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzHistory)
}

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
