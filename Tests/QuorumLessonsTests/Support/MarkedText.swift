import QuorumLessons
import Testing

/// Source text with positions marked inline by keycap emoji (`1️⃣`, `2️⃣`, ...), as swift-format's
/// tests mark findings: the markers are removed and remembered as 1-based line and column
/// (columns in Unicode scalars, as diagnostics count them).
struct MarkedText {
    let text: String
    let markers: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        let scalars = Array(marked.unicodeScalars)
        var text = String.UnicodeScalarView()
        var markers: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if ("0"..."9").contains(scalar), index + 2 < scalars.count, scalars[index + 1] == "\u{FE0F}",
                scalars[index + 2] == "\u{20E3}"
            {
                markers[String(scalars[index...(index + 2)].map(Character.init))] = (line, column)
                index += 3
                continue
            }
            text.append(scalar)
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += 1
        }
        self.text = String(text)
        self.markers = markers
    }
}

/// Expects exactly one diagnostic whose message contains `fragment` (in `file`, when given), at
/// `marker`.
func expectDiagnostic(
    _ diagnostics: [Diagnostic], _ fragment: String, at marker: String, in marked: MarkedText,
    file: String? = nil, severity: Diagnostic.Severity = .error,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    guard let position = marked.markers[marker] else {
        Issue.record("no marker \(marker) in the test text", sourceLocation: sourceLocation)
        return
    }
    let matching = diagnostics.filter { $0.message.contains(fragment) && (file == nil || $0.location.file == file) }
    guard matching.count == 1, let diagnostic = matching.first else {
        let found = diagnostics.map(\.rendered).joined(separator: "\n")
        Issue.record(
            "expected one diagnostic containing \"\(fragment)\", got:\n\(found)", sourceLocation: sourceLocation)
        return
    }
    #expect(
        diagnostic.location.line == position.line && diagnostic.location.column == position.column,
        "\(diagnostic.rendered)\nexpected at \(position.line):\(position.column)", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == severity, "\(diagnostic.rendered)", sourceLocation: sourceLocation)
}

/// A lesson file around `body`, with front matter that is valid for `lessons/sample.md`.
func sampleLesson(_ body: String, requires: String = "[]") -> String {
    """
    ---
    id: sample
    title: A sample lesson
    requires: \(requires)
    ---

    Overview.

    \(body)
    """
}
