/// A horizontal-bar histogram of a sample, for sweeps over seeds or parameters.
///
/// ```
/// [318, 346) ██████████▉ 8
/// [346, 374) ███████████████████████████ 20
/// [374, 402) ███████████████████████████████▏ 23
/// [402, 430) ██████████████████████████████████████████████ 34
/// ```
public enum Histogram {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// One row per bin: its range (`[lo, hi)`, the last one closed), a bar scaled so that the
    /// fullest bin spans the room left, and its count.
    ///
    /// The bins split the range from the smallest to the largest value evenly. NaN and infinities
    /// are left out and counted in a last line; with no finite value the chart is one line saying
    /// so. When every value is the same there is a single bin `[v, v]`. Lines fit `width` columns
    /// (labels are cut on very narrow widths); with `ascii`, bars are `#`.
    public static func render(_ values: [Double], bins: Int, width: Int, style: TerminalStyle, ascii: Bool) -> [String]
    {
        let width = max(1, width)
        let finite = values.filter(\.isFinite)
        let leftOut = values.count - finite.count
        guard let low = finite.min(), let high = finite.max() else {
            let note = leftOut > 0 ? " (\(leftOut) NaN or infinite left out)" : ""
            return [DiagramText.fit("no values to chart" + note, width: width, ascii: ascii)]
        }
        let binCount = low == high ? 1 : max(1, bins)
        // Halving keeps the span finite for samples covering the whole range of Double.
        let halfSpan = high / 2 - low / 2
        var counts = Array(repeating: 0, count: binCount)
        for value in finite {
            let fraction = halfSpan > 0 ? (value / 2 - low / 2) / halfSpan : 0
            let index = Int((fraction * Double(binCount)).rounded(.down))
            counts[min(max(index, 0), binCount - 1)] += 1
        }
        func edge(_ index: Int) -> Double {
            index == binCount ? high : low + 2 * (halfSpan * Double(index) / Double(binCount))
        }
        let places = ChartNumberText.decimals(forStep: 2 * halfSpan / Double(binCount))
        let labels = (0..<binCount).map { index in
            let lo = ChartNumberText.format(edge(index), places: places)
            let hi = ChartNumberText.format(edge(index + 1), places: places)
            return "[\(lo), \(hi)" + (index == binCount - 1 ? "]" : ")")
        }
        let labelWidth = min(labels.map(\.count).max() ?? 0, max(4, width / 3))
        let countWidth = String(counts.max() ?? 0).count
        let barRoom = max(1, width - labelWidth - countWidth - 2)
        let most = max(1, counts.max() ?? 1)

        var lines: [String] = []
        for (label, count) in zip(labels, counts) {
            let fitted = DiagramText.fit(label, width: labelWidth, ascii: ascii)
            let padded = fitted + String(repeating: " ", count: max(0, labelWidth - visibleWidth(fitted)))
            let bar = self.bar(count: count, most: most, room: barRoom, ascii: ascii)
            let line = style.dim(padded) + " " + style.accent(bar) + (bar.isEmpty ? "" : " ") + "\(count)"
            lines.append(DiagramText.fit(line, width: width, ascii: ascii))
        }
        if leftOut > 0 {
            lines.append(style.dim(DiagramText.fit("\(leftOut) NaN or infinite left out", width: width, ascii: ascii)))
        }
        return lines
    }

    /// A bar `count / most` of `room` columns long, in eighths of a column (whole `#` in ASCII);
    /// never empty for a count above zero.
    private static func bar(count: Int, most: Int, room: Int, ascii: Bool) -> String {
        guard count > 0 else { return "" }
        let resolution = ascii ? 1 : 8
        let units = max(1, Int((Double(count) / Double(most) * Double(room * resolution)).rounded()))
        if ascii {
            return String(repeating: "#", count: units)
        }
        var bar = String(repeating: "█", count: units / 8)
        if units % 8 > 0 {
            bar.append(eighths[units % 8 - 1])
        }
        return bar
    }
}
