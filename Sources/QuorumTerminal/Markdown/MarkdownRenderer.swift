/// Renders Markdown for reading in a terminal of a given width.
///
/// Headings are styled, levels 1 and 2 underlined with `═` and `─`; paragraphs are wrapped;
/// lists use `•`, `◦`, `▪` by depth and keep their numbers aligned; block quotes get a `│ ` bar;
/// tables are drawn by `TextTable`; code blocks are indented four spaces, coloured, and cut with
/// `…` rather than wrapped, so indentation-sensitive text is never broken mid-line. Exactly one
/// blank line separates blocks (none between the items of a tight list). Any input renders:
/// malformed Markdown is shown as written. See `MarkdownBlockParser` for the block subset.
public struct MarkdownRenderer: Sendable {
    public let width: Int
    public let style: TerminalStyle

    /// Containers never squeeze their content narrower than this; deeply nested text overflows
    /// `width` instead of being stacked one letter per line.
    static let minimumContentWidth = 10
    static let bullets = ["•", "◦", "▪"]

    public init(width: Int, style: TerminalStyle) {
        self.width = max(1, width)
        self.style = style
    }

    /// The rendered lines joined by `"\n"`, without a trailing newline.
    public func render(_ markdown: String) -> String {
        lines(for: MarkdownBlockParser.parse(markdown), width: width, listDepth: 0, tight: false)
            .joined(separator: "\n")
    }

    private var inline: MarkdownInlineRenderer { MarkdownInlineRenderer(style: style) }

    private func lines(for blocks: [MarkdownBlock], width: Int, listDepth: Int, tight: Bool) -> [String] {
        var output: [String] = []
        var previous: MarkdownBlock?
        for block in blocks {
            let rendered = lines(for: block, width: width, listDepth: listDepth)
            guard !rendered.isEmpty else { continue }
            if let previous, !(tight && Self.isListAfterParagraph(block, previous)) {
                output.append("")
            }
            output += rendered
            previous = block
        }
        return output
    }

    /// In a tight list item, a nested list follows its text directly.
    private static func isListAfterParagraph(_ block: MarkdownBlock, _ previous: MarkdownBlock) -> Bool {
        if case .list = block, case .paragraph = previous {
            return true
        }
        return false
    }

    private func lines(for block: MarkdownBlock, width: Int, listDepth: Int) -> [String] {
        switch block {
        case .heading(let level, let text):
            return heading(text, level: level, width: width)
        case .paragraph(let text):
            // Hard breaks in a row, or at either end, would read as a paragraph break.
            return wrap(inline.render(text), width: width).filter { !$0.isEmpty }
        case .list(let list):
            return self.list(list, width: width, depth: listDepth)
        case .quote(let children):
            let bar = style.dim("│")
            return lines(for: children, width: contentWidth(width, minus: 2), listDepth: listDepth, tight: false)
                .map { $0.isEmpty ? bar : bar + " " + $0 }
        case .code(_, let lines):
            return code(lines, width: width)
        case .table(let table):
            return self.table(table, width: width)
        case .rule:
            return [style.dim(String(repeating: "─", count: width))]
        }
    }

    private func contentWidth(_ width: Int, minus prefix: Int) -> Int {
        max(width - prefix, Self.minimumContentWidth)
    }

    private func heading(_ text: String, level: Int, width: Int) -> [String] {
        let rendered = inline.render(text)
        guard visibleWidth(rendered) > 0 else { return [] }
        var lines = wrap(style.heading(rendered, level: level), width: width)
        if level <= 2 {
            let length = lines.map(visibleWidth).max() ?? 0
            lines.append(style.accent(String(repeating: level == 1 ? "═" : "─", count: length)))
        }
        return lines
    }

    private func list(_ list: MarkdownList, width: Int, depth: Int) -> [String] {
        let markers: [String]
        switch list.kind {
        case .bullet:
            markers = Array(repeating: Self.bullets[depth % Self.bullets.count], count: list.items.count)
        case .ordered(let start, let delimiter):
            let numbers = list.items.indices.map { "\(start + $0)\(delimiter)" }
            let widest = numbers.map(\.count).max() ?? 0
            markers = numbers.map { String(repeating: " ", count: widest - $0.count) + $0 }
        }
        var output: [String] = []
        for (item, marker) in zip(list.items, markers) {
            let indent = marker.count + 1
            let content = lines(
                for: item, width: contentWidth(width, minus: indent), listDepth: depth + 1, tight: !list.isLoose)
            if list.isLoose, !output.isEmpty {
                output.append("")
            }
            let styledMarker = style.accent(marker)
            guard let first = content.first else {
                output.append(styledMarker)
                continue
            }
            output.append(styledMarker + " " + first)
            output += content.dropFirst().map { $0.isEmpty ? "" : String(repeating: " ", count: indent) + $0 }
        }
        return output
    }

    private func code(_ lines: [String], width: Int) -> [String] {
        let available = max(width - 4, 1)
        let rendered = lines.map { line in
            let content = String(line.reversed().drop { $0 == " " }.reversed())
            return content.isEmpty ? "" : "    " + style.code(truncate(content, width: available))
        }
        // Blank lines at the edges would add to the one blank line between blocks.
        guard let first = rendered.firstIndex(where: { !$0.isEmpty }),
            let last = rendered.lastIndex(where: { !$0.isEmpty })
        else { return [] }
        return Array(rendered[first...last])
    }

    private func table(_ table: MarkdownTable, width: Int) -> [String] {
        var textTable = TextTable(headers: table.headers.map(inline.render), alignments: table.alignments)
        for row in table.rows {
            textTable.addRow(row.map(inline.render))
        }
        return textTable.render(style: style, maxWidth: width).split(separator: "\n").map(String.init)
    }
}
