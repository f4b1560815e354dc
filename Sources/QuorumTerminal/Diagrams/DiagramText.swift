/// Caller text (lane names, labels, reasons) made safe to place in a diagram.
enum DiagramText {
    /// `text` on one line, without escape sequences or control characters: line breaks and tabs
    /// become spaces, anything else invisible is dropped. With `ascii`, every character outside
    /// 7-bit ASCII is spelled in it (`…` as `...`, arrows as `->`) or replaced by `?`.
    static func clean(_ text: String, ascii: Bool) -> String {
        var result = ""
        for character in ANSIEscapes.strip(text) {
            if character.isNewline || character == "\t" {
                result.append(" ")
            } else if let scalar = character.unicodeScalars.first,
                scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
            {
                continue
            } else if ascii, !character.isASCII {
                result += spelledInASCII(character)
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Cuts styled `text` to `width` columns with the ellipsis that fits the character set.
    static func fit(_ text: String, width: Int, ascii: Bool) -> String {
        truncate(text, width: max(0, width), ellipsis: ascii ? "..." : "…")
    }

    private static func spelledInASCII(_ character: Character) -> String {
        switch character {
        case "…": "..."
        case "→", "⟶": "->"
        case "←", "⟵": "<-"
        case "↔": "<->"
        case "✗", "✕", "×": "x"
        case "·", "•": "."
        case "‘", "’": "'"
        case "“", "”": "\""
        case "–", "—": "-"
        case "≤": "<="
        case "≥": ">="
        case "≠": "!="
        case "\u{A0}": " "
        default: "?"
        }
    }
}
