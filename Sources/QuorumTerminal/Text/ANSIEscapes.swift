/// A piece of terminal text: either characters that take up columns, or an escape sequence that
/// takes up none.
enum ANSIToken: Equatable {
    case text(String)
    case escape(String)
}

enum ANSIEscapes {
    static let escape: Unicode.Scalar = "\u{1B}"
    /// The SGR sequence that returns every attribute to the terminal's default.
    static let reset = "\u{1B}[0m"

    /// Splits text into runs of visible text and escape sequences.
    ///
    /// Recognises CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL` or `ESC ] ... ESC \`), the string
    /// sequences DCS/SOS/PM/APC, and two-character escapes. A sequence cut off by the end of the
    /// text swallows the rest of it, as a terminal would, so a stray `ESC` never counts as a
    /// column. Works on scalars rather than `Character`s because a combining mark right after a
    /// sequence's final byte would otherwise fuse with it into one grapheme.
    static func tokens(_ text: String) -> [ANSIToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [ANSIToken] = []
        var plain = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == escape else {
                plain.append(scalars[index])
                index += 1
                continue
            }
            let end = endOfSequence(in: scalars, startingAt: index)
            if !plain.isEmpty {
                tokens.append(.text(String(plain)))
                plain = String.UnicodeScalarView()
            }
            var sequence = String.UnicodeScalarView()
            sequence.append(contentsOf: scalars[index..<end])
            tokens.append(.escape(String(sequence)))
            index = end
        }
        if !plain.isEmpty {
            tokens.append(.text(String(plain)))
        }
        return tokens
    }

    /// The text with every escape sequence removed.
    static func strip(_ text: String) -> String {
        var result = ""
        for case .text(let run) in tokens(text) {
            result += run
        }
        return result
    }

    /// The SGR parameters of `sequence` (`"1;31"` for `ESC[1;31m`), or nil if it is another kind of
    /// sequence.
    static func sgrParameters(_ sequence: String) -> Substring? {
        guard sequence.hasPrefix("\u{1B}["), sequence.hasSuffix("m") else { return nil }
        let parameters = sequence.dropFirst(2).dropLast()
        guard parameters.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ";" || $0 == ":") }) else { return nil }
        return parameters
    }

    /// One past the last scalar of the escape sequence that starts at `start` (which holds ESC).
    private static func endOfSequence(in scalars: [Unicode.Scalar], startingAt start: Int) -> Int {
        let next = start + 1
        guard next < scalars.count else { return next }
        switch scalars[next] {
        case "[":
            return endOfControlSequence(in: scalars, from: next + 1)
        case "]", "P", "X", "^", "_":
            return endOfStringSequence(in: scalars, from: next + 1, bellEnds: scalars[next] == "]")
        default:
            // nF escapes: intermediates 0x20-0x2F, then one final byte.
            var index = next
            while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) {
                index += 1
            }
            guard index < scalars.count else { return index }
            return (0x30...0x7E).contains(scalars[index].value) ? index + 1 : index
        }
    }

    private static func endOfControlSequence(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count, (0x30...0x3F).contains(scalars[index].value) {
            index += 1
        }
        while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) {
            index += 1
        }
        guard index < scalars.count else { return index }
        // A malformed sequence ends where it stops making sense; what follows is text again.
        return (0x40...0x7E).contains(scalars[index].value) ? index + 1 : index
    }

    private static func endOfStringSequence(in scalars: [Unicode.Scalar], from start: Int, bellEnds: Bool) -> Int {
        var index = start
        while index < scalars.count {
            if bellEnds, scalars[index] == "\u{07}" {
                return index + 1
            }
            if scalars[index] == escape, index + 1 < scalars.count, scalars[index + 1] == "\\" {
                return index + 2
            }
            index += 1
        }
        return index
    }
}
