extension MarkdownBlockParser {
    /// A list: consecutive items of the same kind (bullet or ordered).
    ///
    /// An item holds the lines indented at least to its content column, with that indentation
    /// removed, and lazy continuation lines of its last paragraph. Nesting is also accepted when a
    /// list marker is indented two or more spaces past the item's own marker but short of its
    /// content column (`1. a` followed by `  - b`), as authors often write it.
    static func parseList(
        startingWith first: MarkdownLine.ListMarker, at index: Int, in lines: ArraySlice<String>, depth: Int
    ) -> (MarkdownBlock, Int) {
        var items: [[String]] = []
        var marker = first
        var current = [first.content]
        var tracker = ParagraphTracker()
        tracker.read(first.content)
        var blankBeforeLine = false
        var blankBetweenItems = false
        var end = index + 1
        var next = index + 1

        while next < lines.endIndex {
            let line = lines[next]
            let indent = MarkdownLine.indentation(line)
            let lineMarker = MarkdownLine.listMarker(line)
            if MarkdownLine.isBlank(line) {
                current.append("")
                tracker.read("")
                blankBeforeLine = true
                next += 1
                continue
            }
            if indent >= marker.contentColumn {
                current.append(MarkdownLine.dropIndentation(line, upTo: marker.contentColumn))
            } else if lineMarker != nil, indent >= marker.indent + 2 {
                current.append(MarkdownLine.dropIndentation(line, upTo: indent))
            } else if let sibling = lineMarker, sibling.isOrdered == first.isOrdered,
                !MarkdownLine.isThematicBreak(line)
            {
                blankBetweenItems = blankBetweenItems || blankBeforeLine
                items.append(current)
                marker = sibling
                current = [sibling.content]
                tracker = ParagraphTracker()
            } else if !blankBeforeLine, tracker.allowsLazyContinuation, !MarkdownLine.interruptsParagraph(line) {
                current.append(String(line.drop { $0 == " " }))
            } else {
                break
            }
            tracker.read(current.last ?? "")
            blankBeforeLine = false
            next += 1
            end = next
        }
        items.append(current)

        var hasBlankBetweenBlocks = false
        let parsedItems = items.map { itemLines in
            let children = parseBlocks(itemLines[...], depth: depth + 1)
            for (before, after) in zip(children, children.dropFirst())
            where after.lines.lowerBound > before.lines.upperBound {
                hasBlankBetweenBlocks = true
            }
            return children.map(\.block)
        }
        let kind: MarkdownList.Kind =
            if let number = first.number {
                .ordered(start: number, delimiter: first.delimiter)
            } else {
                .bullet
            }
        let list = MarkdownList(kind: kind, items: parsedItems, isLoose: blankBetweenItems || hasBlankBetweenBlocks)
        // Blank lines after the last item are not the list's: they separate it from what follows.
        return (.list(list), end)
    }
}
