/// The number of terminal columns `text` occupies.
///
/// Escape sequences take no columns; each grapheme cluster (what a reader sees as one character)
/// takes one, except East Asian wide and fullwidth characters and emoji, which take two, and
/// control characters, combining marks and zero-width format characters, which take none.
public func visibleWidth(_ text: String) -> Int {
    var width = 0
    for case .text(let run) in ANSIEscapes.tokens(text) {
        for character in run {
            width += character.terminalWidth
        }
    }
    return width
}

extension Character {
    /// Columns this grapheme cluster occupies in a terminal (0, 1 or 2).
    var terminalWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) {
            return 0
        }
        if value < 0x7F {
            return 1
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark:
            return 0
        case .format:
            // The soft hyphen is the one format character terminals draw.
            return value == 0xAD ? 1 : 0
        default:
            break
        }
        if first.properties.isEmojiPresentation {
            return 2
        }
        // An emoji that defaults to text presentation becomes a wide emoji with VS16.
        if unicodeScalars.contains("\u{FE0F}"), first.properties.isEmoji {
            return 2
        }
        return Self.isEastAsianWide(value) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, after Markus Kuhn's `wcwidth`.
    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F,  // Hangul Jamo initial consonants
            0x2329...0x232A,  // angle brackets
            0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
            0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compatibility
            0x3400...0x4DBF,  // CJK extension A
            0x4E00...0x9FFF,  // CJK unified ideographs
            0xA000...0xA4CF,  // Yi
            0xA960...0xA97F,  // Hangul Jamo extended A
            0xAC00...0xD7A3,  // Hangul syllables
            0xF900...0xFAFF,  // CJK compatibility ideographs
            0xFE10...0xFE19,  // vertical forms
            0xFE30...0xFE6F,  // CJK compatibility forms, small form variants
            0xFF00...0xFF60,  // fullwidth forms
            0xFFE0...0xFFE6,  // fullwidth signs
            0x20000...0x2FFFD,  // CJK extensions B-F
            0x30000...0x3FFFD:  // CJK extension G and beyond
            return true
        default:
            return false
        }
    }
}
