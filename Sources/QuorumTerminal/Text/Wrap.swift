/// Breaks `text` into lines no wider than `width` columns, breaking between words.
///
/// - Newlines in `text` are kept as line breaks; runs of spaces between words are kept, and the
///   spaces where a line is broken are dropped, as is trailing space. A tab counts as one space.
/// - A word longer than `width` starts a new line and is broken after the last `/` or `-` that
///   fits, else where the width runs out. A single character wider than `width` (an emoji when
///   `width` is 1) gets a line of its own.
/// - Escape sequences take no columns. Styles survive a break: a line that ends inside a style
///   is closed with a reset, and the next line reopens the style, so every line can be printed,
///   padded or cut on its own.
///
/// Returns at least one line; `wrap("", width: 10)` is `[""]`.
public func wrap(_ text: String, width: Int) -> [String] {
    var builder = WrappedLines(width: max(1, width))
    for segment in WrapSegment.segments(of: text) {
        switch segment {
        case .word(let word): builder.place(word)
        case .spaces(let count): builder.pendingSpaces = count
        case .newline: builder.breakLine()
        }
    }
    return builder.finish()
}

/// Cuts `text` to at most `width` columns, ending it with `ellipsis` when anything was cut.
///
/// Escape sequences are kept and a style left open at the cut is closed, so the result is safe to
/// print next to other text. ASCII-only output passes `"..."`; when `width` is too narrow for the
/// ellipsis, the text is cut without one.
public func truncate(_ text: String, width: Int, ellipsis: String = "…") -> String {
    guard visibleWidth(text) > width else { return text }
    guard width >= 1 else { return "" }
    let ellipsisWidth = visibleWidth(ellipsis)
    let marker = ellipsisWidth <= width ? ellipsis : ""
    let budget = width - (marker.isEmpty ? 0 : ellipsisWidth)
    var result = ""
    var used = 0
    var state = SGRState()
    tokens: for token in ANSIEscapes.tokens(text) {
        switch token {
        case .escape(let sequence):
            result += sequence
            state.apply(sequence)
        case .text(let run):
            for character in run {
                let columns = character.terminalWidth
                if used + columns > budget {
                    break tokens
                }
                result.append(character)
                used += columns
            }
        }
    }
    result += marker
    if !state.isDefault {
        result += ANSIEscapes.reset
    }
    return result
}

/// A word with the escape sequences that belong to it: those inside it, those right after it,
/// and those between the spaces before it and its first character.
private struct WrapWord {
    enum Item {
        case escape(String)
        case visible(Character, columns: Int)
    }

    var items: [Item] = []
    var width = 0
    var hasVisibleCharacters = false
}

private enum WrapSegment {
    case word(WrapWord)
    case spaces(Int)
    case newline

    static func segments(of text: String) -> [WrapSegment] {
        var segments: [WrapSegment] = []
        var word: WrapWord?
        var strayEscapes: [WrapWord.Item] = []
        var spaces = 0

        func endWord() {
            if let finished = word {
                segments.append(.word(finished))
                word = nil
            }
        }
        func flushStrayEscapes() {
            if !strayEscapes.isEmpty {
                segments.append(.word(WrapWord(items: strayEscapes)))
                strayEscapes = []
            }
        }

        for token in ANSIEscapes.tokens(text) {
            switch token {
            case .escape(let sequence):
                if word != nil {
                    word?.items.append(.escape(sequence))
                } else {
                    strayEscapes.append(.escape(sequence))
                }
            case .text(let run):
                for character in run {
                    if character == " " || character == "\t" {
                        endWord()
                        spaces += 1
                    } else if character.isNewline {
                        endWord()
                        flushStrayEscapes()
                        spaces = 0
                        segments.append(.newline)
                    } else {
                        if word == nil {
                            if spaces > 0 {
                                segments.append(.spaces(spaces))
                                spaces = 0
                            }
                            word = WrapWord(items: strayEscapes)
                            strayEscapes = []
                        }
                        let columns = character.terminalWidth
                        word?.items.append(.visible(character, columns: columns))
                        word?.width += columns
                        word?.hasVisibleCharacters = true
                    }
                }
            }
        }
        endWord()
        flushStrayEscapes()
        return segments
    }
}

private struct WrappedLines {
    let width: Int
    var lines: [String] = []
    var current = ""
    var currentWidth = 0
    var hasContent = false
    var state = SGRState()
    var pendingSpaces = 0

    init(width: Int) {
        self.width = width
    }

    mutating func place(_ word: WrapWord) {
        guard word.hasVisibleCharacters else {
            append(word.items)
            return
        }
        if currentWidth + pendingSpaces + word.width <= width {
            current += String(repeating: " ", count: pendingSpaces)
            currentWidth += pendingSpaces
            append(word.items)
        } else if word.width <= width {
            if hasContent {
                breakLine()
            }
            append(word.items)
        } else {
            if hasContent {
                breakLine()
            }
            placeLongWord(word.items)
        }
        pendingSpaces = 0
    }

    /// Spreads a word longer than a line over several, breaking after the last `/` or `-` that
    /// fits (URLs and kebab-case names stay readable), else where the width runs out.
    private mutating func placeLongWord(_ items: [WrapWord.Item]) {
        var start = 0
        while start < items.count {
            var used = currentWidth
            var end = start
            var lastBreak: Int?
            while end < items.count {
                if case .visible(let character, let columns) = items[end] {
                    if used + columns > width, used > 0 {
                        break
                    }
                    used += columns
                    if character == "/" || character == "-" {
                        lastBreak = end + 1
                    }
                }
                end += 1
            }
            guard end < items.count else {
                append(items[start...])
                return
            }
            var cut = end
            if let lastBreak, lastBreak > start, lastBreak < end {
                cut = lastBreak
            }
            append(items[start..<max(cut, start + 1)])
            breakLine()
            start = max(cut, start + 1)
        }
    }

    mutating func breakLine() {
        closeCurrentLine()
        current = state.openingSequence
        currentWidth = 0
        hasContent = false
        pendingSpaces = 0
    }

    mutating func finish() -> [String] {
        closeCurrentLine()
        return lines
    }

    private mutating func closeCurrentLine() {
        if !hasContent, Self.isOnlyStyling(current) {
            // Nothing visible: the state is carried by `state`, so the codes can go.
            lines.append("")
            return
        }
        if !state.isDefault {
            current += ANSIEscapes.reset
        }
        lines.append(current)
    }

    private static func isOnlyStyling(_ text: String) -> Bool {
        ANSIEscapes.tokens(text).allSatisfy { token in
            if case .escape(let sequence) = token {
                return ANSIEscapes.sgrParameters(sequence) != nil
            }
            return false
        }
    }

    private mutating func append(_ items: some Sequence<WrapWord.Item>) {
        for item in items {
            switch item {
            case .escape(let sequence):
                current += sequence
                state.apply(sequence)
            case .visible(let character, let columns):
                current.append(character)
                currentWidth += columns
                hasContent = true
            }
        }
    }
}
