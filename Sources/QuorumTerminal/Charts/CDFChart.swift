/// The empirical cumulative distribution of a sample as a small filled plot: for each x from the
/// smallest value to the largest, the share of values at or below it.
///
/// ```
/// 1.0┤                                           ▁▃▄▄▄▅▅▅▆▇▇▇█
///    │                                     ▁▂▄▅▇██████████████
///    │                             ▁▁▃▄▄▅▇████████████████████
///    │                          ▃▄████████████████████████████
/// 0.5┤                     ▁▃▄▇███████████████████████████████
///    │                 ▁▄▅████████████████████████████████████
///    │           ▁▂▄▄▇████████████████████████████████████████
///    │ ▁▁▂▃▃▃▄▅▇██████████████████████████████████████████████
///   0└────────────────────────┬───────────────────────────────
///     318                    441                           597
/// ```
public enum CDFChart {
    static let levels: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `height` plot rows (at least 2; an even number gets a `0.5` label) over `width` columns,
    /// then the x axis with a tick under the median and the minimum, median and maximum written
    /// under it.
    ///
    /// NaN and infinities are left out and counted in a last line; with no finite value the chart
    /// is one line saying so. Unicode plots use eighth blocks, so a column's height is exact to an
    /// eighth of a row; ASCII plots round to whole rows of `#`.
    public static func render(
        _ values: [Double], width: Int, height: Int, style: TerminalStyle, ascii: Bool
    ) -> [String] {
        let width = max(1, width)
        let sorted = values.filter(\.isFinite).sorted()
        let leftOut = values.count - sorted.count
        guard let low = sorted.first, let high = sorted.last else {
            let note = leftOut > 0 ? " (\(leftOut) NaN or infinite left out)" : ""
            return [DiagramText.fit("no values to chart" + note, width: width, ascii: ascii)]
        }
        let rows = max(2, height)
        let margin = 4
        let plotWidth = max(1, width - margin)
        let halfSpan = high / 2 - low / 2
        func x(_ column: Int) -> Double {
            column == plotWidth - 1 || plotWidth == 1
                ? high : low + 2 * (halfSpan * Double(column) / Double(plotWidth - 1))
        }
        let shares = (0..<plotWidth).map { column in
            Double(countAtOrBelow(x(column), in: sorted)) / Double(sorted.count)
        }
        let median =
            sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : sorted[sorted.count / 2 - 1] / 2 + sorted[sorted.count / 2] / 2
        let medianColumn =
            halfSpan > 0
            ? min(plotWidth - 1, Int(((median / 2 - low / 2) / halfSpan * Double(plotWidth - 1)).rounded())) : 0

        var lines: [String] = []
        // Labels sit on the row whose top is their value: 1.0 on the top row, 0.5 on the row
        // under the middle, which exists only for an even number of rows.
        let halfRow = rows % 2 == 0 ? rows / 2 : nil
        for row in 0..<rows {
            // Row 0 is the top; each row covers 1/rows of the height.
            let fromBottom = rows - 1 - row
            let label = row == 0 ? "1.0" : row == halfRow ? "0.5" : ""
            let axis: Character = label.isEmpty ? (ascii ? "|" : "│") : (ascii ? "+" : "┤")
            var line = PaintedLine(width: width)
            line.write(label, at: 3 - label.count, .dim)
            line.put(axis, at: 3, .dim)
            for (column, share) in shares.enumerated() {
                line.put(
                    cell(share: share, rows: rows, fromBottom: fromBottom, ascii: ascii), at: margin + column, .accent)
            }
            lines.append(line.rendered(style: style))
        }
        var axisLine = PaintedLine(width: width)
        axisLine.write("0", at: 2, .dim)
        axisLine.put(ascii ? "+" : "└", at: 3, .dim)
        for column in 0..<plotWidth {
            let tick = column == medianColumn
            axisLine.put(tick ? (ascii ? "+" : "┬") : (ascii ? "-" : "─"), at: margin + column, .dim)
        }
        lines.append(axisLine.rendered(style: style))
        lines.append(
            labels(low: low, median: median, high: high, medianColumn: medianColumn, plotWidth: plotWidth, width: width)
                .rendered(style: style))
        if leftOut > 0 {
            lines.append(style.dim(DiagramText.fit("\(leftOut) NaN or infinite left out", width: width, ascii: ascii)))
        }
        return lines
    }

    /// How many of the sorted values are at most `value`.
    private static func countAtOrBelow(_ value: Double, in sorted: [Double]) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// The part of a column of height `share` (0...1 of `rows`) that falls in the row `fromBottom`.
    private static func cell(share: Double, rows: Int, fromBottom: Int, ascii: Bool) -> Character {
        if ascii {
            let filled = Int((share * Double(rows)).rounded())
            return fromBottom < filled ? "#" : " "
        }
        let eighths = Int((share * Double(rows * 8)).rounded())
        return levels[min(8, max(0, eighths - fromBottom * 8))]
    }

    /// Minimum at the left, maximum flush right, the median centred under its tick when it has
    /// room between them.
    private static func labels(
        low: Double, median: Double, high: Double, medianColumn: Int, plotWidth: Int, width: Int
    ) -> PaintedLine {
        let places = ChartNumberText.decimals(forStep: (high - low) / Double(max(1, plotWidth)))
        let lowText = ChartNumberText.format(low, places: places)
        let highText = ChartNumberText.format(high, places: places)
        let medianText = ChartNumberText.format(median, places: places)
        var line = PaintedLine(width: width)
        let margin = 4
        line.write(lowText, at: margin, .dim)
        let highColumn = margin + plotWidth - highText.count
        let lowEnd = margin + lowText.count
        if highColumn > lowEnd, low != high {
            line.write(highText, at: highColumn, .dim)
        }
        let medianStart = margin + medianColumn - medianText.count / 2
        if medianStart > lowEnd, medianStart + medianText.count < highColumn {
            line.write(medianText, at: medianStart, .dim)
        }
        return line
    }
}
