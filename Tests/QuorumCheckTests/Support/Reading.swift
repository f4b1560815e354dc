import QuorumCheck
import Testing

enum HistoryFormatChoice {
    case detect
    case given(HistoryFormat)
}

func readHistory(_ bytes: [UInt8], format: HistoryFormatChoice = .detect) -> Result<HistoryFile, HistoryReadError> {
    switch format {
    case .detect: return HistoryReader.read(bytes, file: "h.txt")
    case .given(let format): return HistoryReader.read(bytes, file: "h.txt", format: format)
    }
}

func readHistory(_ text: String, format: HistoryFormatChoice = .detect) -> Result<HistoryFile, HistoryReadError> {
    readHistory(Array(text.utf8), format: format)
}

/// The operations read from `text`; an issue is recorded when it cannot be read.
func operations(_ text: String, format: HistoryFormatChoice = .detect) -> [Operation] {
    switch readHistory(text, format: format) {
    case .success(let file): return file.history.operations
    case .failure(let error):
        Issue.record("unexpected errors: \(error.diagnostics.map(\.description))")
        return []
    }
}
