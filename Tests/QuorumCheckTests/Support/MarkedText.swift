/// Test input whose lines of interest are marked, as swift-format marks findings: a line that
/// starts with `1️⃣`, `2️⃣`, ... is expected to get a diagnostic. The markers are removed; the
/// marked line numbers come back in marker order.
func marked(_ text: String) -> (bytes: [UInt8], lines: [Int]) {
    let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
    var found: [(marker: Int, line: Int)] = []
    var lines: [String] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        var line = String(line)
        if let marker = markers.firstIndex(where: { line.hasPrefix($0) }) {
            found.append((marker, number + 1))
            line.removeFirst()
        }
        lines.append(line)
    }
    return (Array(lines.joined(separator: "\n").utf8), found.sorted { $0.marker < $1.marker }.map(\.line))
}

/// The diagnostics of reading `text`, or none when it was read.
func diagnostics(_ bytes: [UInt8], format: HistoryFormatChoice = .detect) -> [HistoryDiagnosticView] {
    switch readHistory(bytes, format: format) {
    case .success: return []
    case .failure(let error):
        return error.diagnostics.map { HistoryDiagnosticView(line: $0.line, text: $0.description, message: $0.message) }
    }
}

struct HistoryDiagnosticView: Equatable {
    var line: Int?
    var text: String
    var message: String
}
