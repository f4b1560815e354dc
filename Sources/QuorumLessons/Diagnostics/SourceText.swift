/// A file's text split into lines, to quote the offending line under a diagnostic.
///
/// Lines end at `\n` or `\r\n`; the break is not part of the line.
struct SourceText: Sendable {
    let file: String
    let lines: [String]

    init(_ text: String, file: String) {
        self.file = file
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if current.last == "\r" { current.removeLast() }
                lines.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        lines.append(String(current))
        self.lines = lines
    }

    /// The 1-based line `number`, or nil past either end.
    func line(_ number: Int) -> String? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    func span(line: Int, column: Int, length: Int = 1) -> SourceSpan {
        SourceSpan(
            location: SourceLocation(file: file, line: line, column: max(1, column)), length: length,
            sourceLine: self.line(line))
    }

    /// The whole of line `number` from its first non-blank character.
    func spanOfLine(_ number: Int) -> SourceSpan {
        let text = line(number) ?? ""
        let scalars = Array(text.unicodeScalars)
        let start = scalars.firstIndex { $0 != " " && $0 != "\t" } ?? 0
        let end = (scalars.lastIndex { $0 != " " && $0 != "\t" } ?? start) + 1
        return span(line: number, column: start + 1, length: max(1, end - start))
    }
}
