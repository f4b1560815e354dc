/// Turns Markdown text into the lines the block parser reads.
enum MarkdownSource {
    static let tabStop = 4

    /// The lines of `markdown` with `\r\n` and `\r` read as newlines, tabs expanded to the next
    /// multiple of four columns, and control characters (which could move the cursor or change
    /// colours behind the renderer's back) replaced by `U+FFFD`.
    static func lines(_ markdown: String) -> [String] {
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var column = 0
        var previousWasCarriageReturn = false
        for scalar in markdown.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar {
            case "\n" where previousWasCarriageReturn:
                continue
            case "\n", "\r":
                lines.append(String(line))
                line = String.UnicodeScalarView()
                column = 0
            case "\t":
                let spaces = tabStop - column % tabStop
                line.append(contentsOf: repeatElement(" ", count: spaces))
                column += spaces
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value):
                line.append("\u{FFFD}")
                column += 1
            default:
                line.append(scalar)
                // Columns only matter for tabs in indentation; counting scalars is close enough.
                column += 1
            }
        }
        lines.append(String(line))
        return lines
    }
}
