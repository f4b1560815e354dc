/// Reads the block structure of a Markdown document.
///
/// The subset is CommonMark's with GFM tables: ATX headings, paragraphs, bullet and ordered lists,
/// block quotes, fenced code, thematic breaks and pipe tables. Setext headings, indented code
/// blocks, HTML blocks and link reference definitions are not blocks here; their lines read as
/// paragraphs (so text followed by `---` is a paragraph and a rule). Parsing is total: every
/// line ends up in some block, an unclosed fence runs to the end of its container, and nesting
/// deeper than `maximumDepth` is read as text instead of recursing further.
enum MarkdownBlockParser {
    static let maximumDepth = 16

    static func parse(_ markdown: String) -> [MarkdownBlock] {
        parseBlocks(MarkdownSource.lines(markdown)[...], depth: 0).map(\.block)
    }

    /// A block and the lines it was read from, so containers can tell which blocks had blank
    /// lines between them.
    struct Parsed {
        var block: MarkdownBlock
        var lines: Range<Int>
    }

    static func parseBlocks(_ lines: ArraySlice<String>, depth: Int) -> [Parsed] {
        var blocks: [Parsed] = []
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if MarkdownLine.isBlank(line) {
                index += 1
                continue
            }
            let (block, end) = parseBlock(at: index, in: lines, depth: depth)
            blocks.append(Parsed(block: block, lines: index..<end))
            // Every branch consumes at least the line it started on; the guard keeps it that way.
            index = max(end, index + 1)
        }
        return blocks
    }

    /// The block starting at the non-blank line `index`, and the index of the line after it.
    private static func parseBlock(at index: Int, in lines: ArraySlice<String>, depth: Int) -> (MarkdownBlock, Int) {
        let line = lines[index]
        if let fence = MarkdownLine.fenceOpening(line) {
            return parseFencedCode(fence, at: index, in: lines)
        }
        if let heading = MarkdownLine.heading(line) {
            return (.heading(level: heading.level, text: heading.text), index + 1)
        }
        if MarkdownLine.isThematicBreak(line) {
            return (.rule, index + 1)
        }
        if depth < maximumDepth {
            if MarkdownLine.quoteContent(line) != nil {
                return parseQuote(at: index, in: lines, depth: depth)
            }
            if let marker = MarkdownLine.listMarker(line) {
                return parseList(startingWith: marker, at: index, in: lines, depth: depth)
            }
        }
        if let table = parseTable(at: index, in: lines) {
            return table
        }
        return parseParagraph(at: index, in: lines)
    }

    private static func parseFencedCode(
        _ fence: MarkdownLine.Fence, at index: Int, in lines: ArraySlice<String>
    ) -> (MarkdownBlock, Int) {
        var content: [String] = []
        var next = index + 1
        while next < lines.endIndex {
            let line = lines[next]
            next += 1
            if MarkdownLine.closes(fence, line) {
                break
            }
            content.append(MarkdownLine.dropIndentation(line, upTo: fence.indent))
        }
        return (.code(info: fence.info, lines: content), next)
    }

    private static func parseQuote(at index: Int, in lines: ArraySlice<String>, depth: Int) -> (MarkdownBlock, Int) {
        var content: [String] = []
        var tracker = ParagraphTracker()
        var next = index
        while next < lines.endIndex {
            let line = lines[next]
            if let inner = MarkdownLine.quoteContent(line) {
                content.append(inner)
                tracker.read(inner)
            } else if tracker.allowsLazyContinuation, !MarkdownLine.isBlank(line),
                !MarkdownLine.interruptsParagraph(line)
            {
                content.append(line)
            } else {
                break
            }
            next += 1
        }
        let children = parseBlocks(content[...], depth: depth + 1).map(\.block)
        return (.quote(children), next)
    }

    private static func parseParagraph(at index: Int, in lines: ArraySlice<String>) -> (MarkdownBlock, Int) {
        var next = index + 1
        while next < lines.endIndex {
            let line = lines[next]
            if MarkdownLine.isBlank(line) || MarkdownLine.interruptsParagraph(line) || isTableStart(at: next, in: lines)
            {
                break
            }
            next += 1
        }
        return (.paragraph(paragraphText(lines[index..<next])), next)
    }

    /// Joins paragraph lines: a soft break becomes a space, a hard break (two trailing spaces,
    /// or a trailing backslash, which the inline renderer reads) becomes a newline.
    static func paragraphText(_ lines: ArraySlice<String>) -> String {
        var text = ""
        for (offset, line) in lines.enumerated() {
            let content = String(line.drop { $0 == " " })
            let isLast = offset == lines.count - 1
            let trailingSpaces = content.reversed().prefix { $0 == " " }.count
            text += MarkdownLine.trimmed(content)
            if !isLast {
                text += trailingSpaces >= 2 || content.hasSuffix("\\") ? "\n" : " "
            }
        }
        return text
    }
}

/// Follows the lines of a container to tell whether the next unmarked line may continue its last
/// paragraph ("lazy continuation"): only when that paragraph is still open, which it is not after
/// a blank line, a heading, a rule, or inside a code fence.
struct ParagraphTracker {
    private var openFence: MarkdownLine.Fence?
    private(set) var allowsLazyContinuation = false

    mutating func read(_ line: String) {
        if let fence = openFence {
            if MarkdownLine.closes(fence, line) {
                openFence = nil
            }
            allowsLazyContinuation = false
        } else if let fence = MarkdownLine.fenceOpening(line) {
            openFence = fence
            allowsLazyContinuation = false
        } else {
            allowsLazyContinuation =
                !MarkdownLine.isBlank(line) && MarkdownLine.heading(line) == nil
                && !MarkdownLine.isThematicBreak(line)
        }
    }
}
