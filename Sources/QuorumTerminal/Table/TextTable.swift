/// A table drawn with box-drawing characters, fitted to a width.
///
/// ```
/// ┌───────┬────────┐
/// │ Model │ Rounds │
/// ├───────┼────────┤
/// │ raft  │      3 │
/// └───────┴────────┘
/// ```
///
/// Cells may hold styled text and newlines. A row with more cells than there are headers adds
/// columns (with empty headers); a shorter row is padded with empty cells.
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left
        case right
        /// Extra space split evenly, the odd column going to the right.
        case center
    }

    public private(set) var headers: [String]
    /// Per column; columns without an entry are left-aligned.
    public private(set) var alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    public init(headers: [String], alignments: [Alignment] = []) {
        self.headers = headers
        self.alignments = alignments
    }

    public mutating func addRow(_ cells: [String]) {
        rows.append(cells)
    }

    /// The table as lines joined by `"\n"` (no trailing newline); empty when it has no columns.
    ///
    /// Headers are bold and borders dim. When the natural width exceeds `maxWidth`, the widest
    /// columns give up width first and their cells wrap; no column is squeezed below two columns
    /// (or its natural width, if smaller), so a table with very many columns can still be wider
    /// than `maxWidth`. When a cell wraps, rows get separator lines so they stay distinguishable.
    public func render(style: TerminalStyle, maxWidth: Int) -> String {
        let columnCount = max(headers.count, rows.map(\.count).max() ?? 0)
        guard columnCount > 0 else { return "" }
        let header = headers.isEmpty ? nil : padded(headers, to: columnCount).map(style.bold)
        let body = rows.map { padded($0, to: columnCount) }

        let natural = (0..<columnCount).map { column in
            ([header].compactMap { $0 } + body).map { Self.naturalWidth($0[column]) }.max() ?? 1
        }
        let chrome = 3 * columnCount + 1
        let widths = Self.fit(natural, into: maxWidth - chrome)

        let border = { (text: String) in style.dim(text) }
        let bar = border("│")
        func line(_ left: String, _ middle: String, _ right: String) -> String {
            border(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right)
        }
        func rowLines(_ cells: [String]) -> [String] {
            let wrapped = zip(cells, widths).map { cell, width in wrap(cell, width: width) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { lineIndex in
                let parts = wrapped.indices.map { column in
                    let text = lineIndex < wrapped[column].count ? wrapped[column][lineIndex] : ""
                    return " " + Self.align(text, width: widths[column], alignment: alignment(column)) + " "
                }
                return bar + parts.joined(separator: bar) + bar
            }
        }

        var output = [line("┌", "┬", "┐")]
        if let header {
            output += rowLines(header)
            output.append(line("├", "┼", "┤"))
        }
        let renderedRows = body.map(rowLines)
        let separateRows = renderedRows.contains { $0.count > 1 }
        for (index, lines) in renderedRows.enumerated() {
            if separateRows, index > 0 {
                output.append(line("├", "┼", "┤"))
            }
            output += lines
        }
        if header != nil, body.isEmpty {
            output.removeLast()
        }
        output.append(line("└", "┴", "┘"))
        return output.joined(separator: "\n")
    }

    private func alignment(_ column: Int) -> Alignment {
        column < alignments.count ? alignments[column] : .left
    }

    private func padded(_ cells: [String], to count: Int) -> [String] {
        cells + Array(repeating: "", count: max(0, count - cells.count))
    }

    private static func naturalWidth(_ cell: String) -> Int {
        max(
            1, cell.split(separator: "\n", omittingEmptySubsequences: false).map { visibleWidth(String($0)) }.max() ?? 0
        )
    }

    /// Column widths summing to at most `available`, taking width from the widest columns first:
    /// the largest cap such that every column fits under it, with what is left over handed out one
    /// column at a time from the left.
    static func fit(_ natural: [Int], into available: Int) -> [Int] {
        guard natural.reduce(0, +) > available, let widest = natural.max() else { return natural }
        let floor = 2
        func total(cappedAt cap: Int) -> Int { natural.reduce(0) { $0 + min($1, cap) } }
        var low = floor
        var high = widest
        while low < high {
            let middle = (low + high + 1) / 2
            if total(cappedAt: middle) <= available {
                low = middle
            } else {
                high = middle - 1
            }
        }
        var widths = natural.map { min($0, low) }
        var spare = available - widths.reduce(0, +)
        for column in widths.indices where spare > 0 && natural[column] > widths[column] {
            widths[column] += 1
            spare -= 1
        }
        return widths
    }

    private static func align(_ text: String, width: Int, alignment: Alignment) -> String {
        let gap = max(0, width - visibleWidth(text))
        switch alignment {
        case .left: return text + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + text
        case .center:
            return String(repeating: " ", count: gap / 2) + text + String(repeating: " ", count: gap - gap / 2)
        }
    }
}
