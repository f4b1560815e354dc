/// A series as columns rising from zero, one per value, with one value marked: throughput
/// against node count, and where it peaks.
///
/// ```
/// 741┤               ▂▅▇████▇▇▆▆▅▅▄▄▃▃▃▂▂▂
///    │          ▂▅▇█████████████████████████▇▆▅▄
///    │     ▃▆█████████████████████████████████████▇
///    │ ▃▆██████████████████████████████████████████
///   0└─────────────────────┬───────────────────────
///     1                    22                     64 nodes
/// ```
public enum ColumnChart {
    /// `height` plot rows (at least 2) topped by the largest value, an axis with a tick under
    /// the marked value, and a line with the first, marked and last of `xLabels` (one per value)
    /// followed by `xName`.
    ///
    /// When the values fit, each takes the same number of columns (up to three); when they do
    /// not, each column shows the largest of the values it covers, so a peak never falls between
    /// columns. The marked value's columns are in the accent colour. Negative values are drawn
    /// as zero; NaN and infinities as empty columns. Unicode columns are exact to an eighth of a
    /// row, ASCII ones (`#`) to a whole row. Lines fit `width` columns.
    public static func render(
        _ values: [Double], xLabels: [String], marked: Int?, xName: String, width: Int, height: Int,
        style: TerminalStyle, ascii: Bool
    ) -> [String] {
        let width = max(1, width)
        let finite = values.filter(\.isFinite)
        guard !values.isEmpty, let highest = finite.max(), highest > 0 else {
            return [DiagramText.fit("nothing above zero to chart", width: width, ascii: ascii)]
        }
        let rows = max(2, height)
        let topText = ChartNumberText.format(
            highest, places: ChartNumberText.decimals(forStep: highest / Double(rows)))
        let margin = topText.count + 1
        let name = DiagramText.clean(xName, ascii: ascii)
        // The axis's name goes after the last column, on the labels' line.
        let room = max(1, width - margin - name.count - 1)
        let perValue = values.count <= room ? min(3, room / values.count) : 1
        let columns = values.count <= room ? values.count * perValue : room
        /// The values a column covers.
        func covered(_ column: Int) -> Range<Int> {
            if values.count <= room { return (column / perValue)..<(column / perValue + 1) }
            let lower = column * values.count / columns
            return lower..<max(lower + 1, (column + 1) * values.count / columns)
        }
        let heights = (0..<columns).map { column -> Double in
            let shown = covered(column).map { values[$0] }.filter(\.isFinite)
            return max(0, shown.max() ?? 0) / highest
        }
        let markedColumns = (0..<columns).filter { column in marked.map { covered(column).contains($0) } ?? false }

        var lines: [String] = []
        for row in 0..<rows {
            let fromBottom = rows - 1 - row
            var line = PaintedLine(width: margin + columns)
            if row == 0 { line.write(topText, at: 0, .dim) }
            line.put(row == 0 ? (ascii ? "+" : "┤") : (ascii ? "|" : "│"), at: margin - 1, .dim)
            for (column, share) in heights.enumerated() {
                let paint: Paint = markedColumns.contains(column) ? .accent : .plain
                line.put(
                    cell(share: share, rows: rows, fromBottom: fromBottom, ascii: ascii), at: margin + column, paint)
            }
            lines.append(line.rendered(style: style))
        }
        var axis = PaintedLine(width: margin + columns)
        axis.write("0", at: margin - 2, .dim)
        axis.put(ascii ? "+" : "└", at: margin - 1, .dim)
        let tick = markedColumns.isEmpty ? nil : markedColumns[markedColumns.count / 2]
        for column in 0..<columns {
            axis.put(column == tick ? (ascii ? "+" : "┬") : (ascii ? "-" : "─"), at: margin + column, .dim)
        }
        lines.append(axis.rendered(style: style))
        lines.append(
            labels(
                xLabels.map { DiagramText.clean($0, ascii: ascii) }, marked: marked, tick: tick, margin: margin,
                columns: columns, xName: name, width: width, style: style))
        return lines
    }

    /// The part of a column of height `share` (0...1 of `rows`) that falls in the row `fromBottom`.
    private static func cell(share: Double, rows: Int, fromBottom: Int, ascii: Bool) -> Character {
        if ascii {
            return fromBottom < Int((share * Double(rows)).rounded()) ? "#" : " "
        }
        let eighths = Int((share * Double(rows * 8)).rounded())
        return CDFChart.levels[min(8, max(0, eighths - fromBottom * 8))]
    }

    /// The first label under the first column, the last ending under the last column, the marked
    /// one centred under its tick where it does not touch them, then the name of the x axis.
    private static func labels(
        _ labels: [String], marked: Int?, tick: Int?, margin: Int, columns: Int, xName: String, width: Int,
        style: TerminalStyle
    ) -> String {
        var line = PaintedLine(width: width)
        let first = labels.first ?? ""
        let last = labels.count > 1 ? labels[labels.count - 1] : ""
        line.write(first, at: margin, .dim)
        let firstEnd = margin + first.count
        let lastColumn = margin + columns - last.count
        let showsLast = lastColumn > firstEnd
        if showsLast { line.write(last, at: lastColumn, .dim) }
        if let marked, let tick, labels.indices.contains(marked), marked != 0, marked != labels.count - 1 {
            let text = labels[marked]
            let column = margin + tick - text.count / 2
            if column > firstEnd, column + text.count < (showsLast ? lastColumn : width) {
                line.write(text, at: column, .accent)
            }
        }
        line.write(xName, at: margin + columns + 1, .dim)
        return line.rendered(style: style)
    }
}
