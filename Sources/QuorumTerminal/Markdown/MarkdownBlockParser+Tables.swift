extension MarkdownBlockParser {
    /// Whether a GFM table starts at `index`: a row with a pipe, then a delimiter row (`---`,
    /// `:--`, `:-:`, `--:` cells) with as many cells.
    static func isTableStart(at index: Int, in lines: ArraySlice<String>) -> Bool {
        let header = lines[index]
        guard header.contains("|"), index + 1 < lines.endIndex,
            let alignments = delimiterRow(lines[index + 1])
        else { return false }
        return alignments.count == tableCells(header).count
    }

    /// A table ends at a blank line, a line without a pipe, or the start of another block.
    static func parseTable(at index: Int, in lines: ArraySlice<String>) -> (MarkdownBlock, Int)? {
        guard isTableStart(at: index, in: lines), let alignments = delimiterRow(lines[index + 1]) else { return nil }
        let headers = tableCells(lines[index])
        var rows: [[String]] = []
        var next = index + 2
        while next < lines.endIndex {
            let line = lines[next]
            guard !MarkdownLine.isBlank(line), line.contains("|"), !MarkdownLine.interruptsParagraph(line) else {
                break
            }
            let cells = tableCells(line)
            rows.append(
                Array(cells.prefix(headers.count))
                    + Array(repeating: "", count: max(0, headers.count - cells.count)))
            next += 1
        }
        return (.table(MarkdownTable(headers: headers, alignments: alignments, rows: rows)), next)
    }

    /// The cells of a table row: split at pipes that are not escaped, outer pipes optional,
    /// `\|` read as a pipe, each cell trimmed.
    static func tableCells(_ line: String) -> [String] {
        var characters = Array(MarkdownLine.trimmed(line))
        if characters.first == "|" {
            characters.removeFirst()
        }
        if characters.last == "|", characters.dropLast().last != "\\" {
            characters.removeLast()
        }
        var cells: [String] = []
        var cell = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                if characters[index + 1] != "|" {
                    cell.append("\\")
                }
                cell.append(characters[index + 1])
                index += 2
                continue
            }
            if character == "|" {
                cells.append(MarkdownLine.trimmed(cell))
                cell = ""
            } else {
                cell.append(character)
            }
            index += 1
        }
        cells.append(MarkdownLine.trimmed(cell))
        return cells
    }

    /// The column alignments of a delimiter row, or nil if `line` is not one.
    static func delimiterRow(_ line: String) -> [TextTable.Alignment]? {
        guard line.contains("-"), line.allSatisfy({ "|-: ".contains($0) }) else { return nil }
        var alignments: [TextTable.Alignment] = []
        for cell in tableCells(line) {
            let left = cell.hasPrefix(":")
            let right = cell.hasSuffix(":")
            let dashes = cell.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : right ? .right : .left)
        }
        return alignments
    }
}
