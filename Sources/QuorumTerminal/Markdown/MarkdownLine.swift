/// What a single source line can start: the line-level tests of the block grammar.
///
/// Lines have no tabs (`MarkdownSource` expands them), so indentation is a count of spaces.
enum MarkdownLine {
    struct Fence {
        var indent: Int
        var character: Character
        var length: Int
        var info: String
    }

    struct ListMarker {
        var indent: Int
        /// nil for a bullet (`-`, `+`, `*`).
        var number: Int?
        /// The bullet character, or `.`/`)` after a number.
        var delimiter: Character
        /// Where the item's text starts; its continuation lines are indented this far.
        var contentColumn: Int
        var content: String

        var isOrdered: Bool { number != nil }
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " }
    }

    static func indentation(_ line: String) -> Int {
        line.prefix { $0 == " " }.count
    }

    /// `line` without up to `count` leading spaces.
    static func dropIndentation(_ line: String, upTo count: Int) -> String {
        String(line.dropFirst(min(count, indentation(line))))
    }

    static func trimmed(_ text: some StringProtocol) -> String {
        let start = text.firstIndex { $0 != " " } ?? text.endIndex
        let end = text.lastIndex { $0 != " " }.map(text.index(after:)) ?? start
        return String(text[start..<max(start, end)])
    }

    /// A code fence opening: three or more backticks or tildes, indented at most three spaces,
    /// followed by an optional info string (which, after backticks, may not contain one).
    static func fenceOpening(_ line: String) -> Fence? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let character = rest.first, character == "`" || character == "~" else { return nil }
        let length = rest.prefix { $0 == character }.count
        guard length >= 3 else { return nil }
        let info = trimmed(rest.dropFirst(length))
        if character == "`", info.contains("`") {
            return nil
        }
        return Fence(indent: indent, character: character, length: length, info: info)
    }

    static func closes(_ fence: Fence, _ line: String) -> Bool {
        let indent = indentation(line)
        guard indent <= 3 else { return false }
        let rest = line.dropFirst(indent)
        let length = rest.prefix { $0 == fence.character }.count
        return length >= fence.length && rest.dropFirst(length).allSatisfy { $0 == " " }
    }

    /// An ATX heading: one to six `#`, then a space or the end of the line. The level is capped
    /// at 6; an optional closing run of `#` is removed.
    static func heading(_ line: String) -> (level: Int, text: String)? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        let level = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let afterHashes = rest.dropFirst(level)
        guard afterHashes.isEmpty || afterHashes.first == " " else { return nil }
        var text = trimmed(afterHashes)
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing == text.count {
            text = ""
        } else if closing > 0, text.dropLast(closing).last == " " {
            text = trimmed(text.dropLast(closing))
        }
        return (level, text)
    }

    /// `---`, `***` or `___` (three or more, spaces allowed between them).
    static func isThematicBreak(_ line: String) -> Bool {
        guard indentation(line) <= 3 else { return false }
        let marks = line.filter { $0 != " " }
        guard let first = marks.first, first == "-" || first == "*" || first == "_" else { return false }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    /// The text after a block quote's `>` and the one optional space after it.
    static func quoteContent(_ line: String) -> String? {
        let indent = indentation(line)
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard rest.first == ">" else { return nil }
        let afterMarker = rest.dropFirst()
        return String(afterMarker.first == " " ? afterMarker.dropFirst() : afterMarker)
    }

    static func listMarker(_ line: String) -> ListMarker? {
        let indent = indentation(line)
        let rest = line.dropFirst(indent)
        guard let first = rest.first else { return nil }
        var number: Int?
        var delimiter = first
        var markerWidth = 1
        if first == "-" || first == "+" || first == "*" {
            number = nil
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let value = Int(digits) else { return nil }
            let afterDigits = rest.dropFirst(digits.count)
            guard let mark = afterDigits.first, mark == "." || mark == ")" else { return nil }
            number = value
            delimiter = mark
            markerWidth = digits.count + 1
        }
        let afterMarker = rest.dropFirst(markerWidth)
        guard afterMarker.isEmpty || afterMarker.first == " " else { return nil }
        let spaces = afterMarker.prefix { $0 == " " }.count
        let content = String(afterMarker.dropFirst(spaces))
        // Text far to the right of the marker does not push continuation lines along with it.
        let gap = content.isEmpty || spaces > 4 ? 1 : spaces
        return ListMarker(
            indent: indent, number: number, delimiter: delimiter, contentColumn: indent + markerWidth + gap,
            content: content)
    }

    /// Whether `line` starts a block that ends a paragraph before it.
    static func interruptsParagraph(_ line: String) -> Bool {
        if fenceOpening(line) != nil || heading(line) != nil || isThematicBreak(line) || quoteContent(line) != nil {
            return true
        }
        // As in CommonMark, an empty item or a list not starting at 1 cannot interrupt a paragraph,
        // so "in 1999. Then" wrapped onto a new line stays prose.
        guard let marker = listMarker(line), !marker.content.isEmpty else { return false }
        return marker.number == nil || marker.number == 1
    }
}
