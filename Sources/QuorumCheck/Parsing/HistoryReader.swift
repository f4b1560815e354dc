/// A history read from a file, with what the file said about itself.
public struct HistoryFile: Sendable {
    public var file: String
    public var format: HistoryFormat
    public var history: History
    /// The model the file names (a JSON-lines header), if any.
    public var declaredModel: ModelKind?
    /// Replicas' final states, for the convergence check (JSON lines only).
    public var replicas: [ReplicaState]
}

/// Reads history files in any of the three formats, never crashing on what they contain.
public enum HistoryReader {
    /// The history in `bytes`, or every problem found in them (`file:line: error: ...`).
    ///
    /// With no `format`, the format is detected from the content. A file with no operations is
    /// an error: a history that says nothing is more likely the wrong file than a correct system.
    public static func read(_ bytes: [UInt8], file: String, format: HistoryFormat? = nil) -> Result<
        HistoryFile, HistoryReadError
    > {
        let lines = SourceLines(bytes: bytes)
        guard let format = format ?? HistoryFormat.detect(lines) else {
            return .failure(
                HistoryReadError(diagnostics: [
                    HistoryDiagnostic(
                        file: file, line: nil,
                        message:
                            "cannot tell the format: expected Jepsen log lines, EDN maps or JSON lines (name it with --format)"
                    )
                ]))
        }
        var operations: [Operation]
        var diagnostics: [HistoryDiagnostic]
        var declaredModel: ModelKind?
        var replicas: [ReplicaState] = []
        switch format {
        case .jepsenLog:
            (operations, diagnostics) = JepsenLogParser.parse(lines, file: file)
        case .edn:
            (operations, diagnostics) = EDNHistoryParser.parse(lines, file: file)
        case .jsonLines:
            let parsed = JSONLinesParser.parse(lines, file: file)
            (operations, diagnostics, declaredModel, replicas) =
                (parsed.operations, parsed.diagnostics, parsed.model, parsed.replicas)
        }
        // In line order; problems found on one line keep the order they were found in.
        diagnostics = diagnostics.enumerated().sorted {
            ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset)
        }
        .map(\.element)
        if diagnostics.isEmpty, operations.isEmpty {
            diagnostics.append(
                HistoryDiagnostic(file: file, line: nil, message: "no operations found in this \(format.name) file"))
        }
        guard diagnostics.isEmpty else { return .failure(HistoryReadError(diagnostics: diagnostics)) }
        return .success(
            HistoryFile(
                file: file, format: format, history: History(operations), declaredModel: declaredModel,
                replicas: replicas))
    }
}

/// Why a history file could not be read: every problem, in line order.
public struct HistoryReadError: Error, Sendable, Hashable {
    public var diagnostics: [HistoryDiagnostic]
}
