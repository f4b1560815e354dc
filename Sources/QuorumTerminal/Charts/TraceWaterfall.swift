/// Spans of a trace on one time axis, one bar per span, indented under their parents: the
/// waterfall that tracing tools show, where a slow span is the long bar.
///
/// ```
///                          0s                  101ms                 202ms
/// gateway GET /checkout    ████████████████████████████████████████████  202ms
///   auth verify token       ░                                              4ms
///   cart load cart           ██████████████████████████████████████     167ms
///     pricing price items     ███████████████████████████████████       160ms
///   inventory check stock    ░░                                            8ms
/// [█] critical path  [░] other spans
/// ```
public enum TraceWaterfall {
    /// One span: how deep it sits, what to call it, when it started and ended (microseconds on
    /// any common scale) and whether it stands out.
    public struct Row: Sendable, Equatable {
        public var depth: Int
        public var label: String
        public var start: Int64
        public var end: Int64
        public var highlighted: Bool
        /// More about the span (ids, status), shown on hover in SVG; the terminal leaves it out.
        public var detail: String

        public init(depth: Int, label: String, start: Int64, end: Int64, highlighted: Bool, detail: String = "") {
            self.depth = depth
            self.label = label
            self.start = start
            self.end = end
            self.highlighted = highlighted
            self.detail = detail
        }
    }

    /// An axis line with the window's start, middle and end (times from the earliest start),
    /// one line per row (label indented two spaces per depth, bar, duration), and a legend
    /// naming what highlighted bars mean.
    ///
    /// The window runs from the earliest start to the latest end. A bar covers every column its
    /// span touches, so a span too short for a column still shows as one. Highlighted bars are
    /// `█` (`#` in ASCII) in the accent colour, others `░` (`=`), so the difference survives
    /// without colour. Rows keep the order given; an empty list is one line saying so. Lines fit
    /// `width` columns; labels are cut to two fifths of it.
    public static func render(
        _ rows: [Row], width: Int, style: TerminalStyle, ascii: Bool, highlightMeaning: String = "highlighted"
    ) -> [String] {
        let width = max(1, width)
        guard let start = rows.map(\.start).min(), let latest = rows.map(\.end).max() else {
            return [DiagramText.fit("no spans to draw", width: width, ascii: ascii)]
        }
        let end = max(latest, start &+ 1)
        let labels = rows.map { row in
            String(repeating: " ", count: 2 * min(max(0, row.depth), 20)) + DiagramText.clean(row.label, ascii: ascii)
        }
        let durations = rows.map { TimeText.format(microseconds: max(0, $0.end - $0.start)) }
        let labelWidth = min(labels.map(visibleWidth).max() ?? 0, max(4, width * 2 / 5))
        let barStart = labelWidth + 1
        // Durations go two columns after the bars, unless that leaves no room for bars.
        let durationWidth = durations.map(\.count).max() ?? 0
        let durationRoom = width - barStart - durationWidth - 2 >= 1 ? durationWidth + 2 : 0
        let barWidth = max(1, width - barStart - durationRoom)
        let span = Double(end) - Double(start)
        func column(_ time: Int64) -> Double { (Double(time) - Double(start)) / span * Double(barWidth) }
        let ellipsis = ascii ? "..." : "…"

        var lines = [axis(start: start, end: end, barStart: barStart, barWidth: barWidth, width: width, style: style)]
        for (index, row) in rows.enumerated() {
            let first = min(barWidth - 1, max(0, Int(column(row.start).rounded(.down))))
            let last = min(barWidth - 1, max(first, Int(column(row.end).rounded(.up)) - 1))
            let glyph: Character = row.highlighted ? (ascii ? "#" : "█") : (ascii ? "=" : "░")
            let paint: Paint = row.highlighted ? .accent : .dim
            var line = PaintedLine(width: min(width, barStart + barWidth + durationRoom))
            line.write(labels[index], at: 0, row.highlighted ? .bold : .plain, limit: labelWidth, ellipsis: ellipsis)
            for column in first...last {
                line.put(glyph, at: barStart + column, paint)
            }
            if durationRoom > 0 {
                let duration = durations[index]
                line.write(duration, at: barStart + barWidth + durationRoom - duration.count, .plain)
            }
            lines.append(line.rendered(style: style))
        }
        return lines + legend(rows, meaning: highlightMeaning, width: width, style: style, ascii: ascii)
    }

    /// `0s` over the bars' first column, the middle time over the middle, the end time flush
    /// with the bars' right end, each only where it does not run into the one before.
    private static func axis(
        start: Int64, end: Int64, barStart: Int, barWidth: Int, width: Int, style: TerminalStyle
    ) -> String {
        let length = end - start
        let middle = TimeText.format(microseconds: length / 2)
        let last = TimeText.format(microseconds: length)
        var line = PaintedLine(width: min(width, barStart + barWidth))
        line.write("0s", at: barStart, .dim)
        var used = barStart + 2
        let middleColumn = barStart + barWidth / 2 - middle.count / 2
        if middleColumn > used + 1, middleColumn + middle.count < barStart + barWidth - last.count - 1 {
            line.write(middle, at: middleColumn, .dim)
            used = middleColumn + middle.count
        }
        let lastColumn = barStart + barWidth - last.count
        if lastColumn > used + 1 {
            line.write(last, at: lastColumn, .dim)
        }
        return line.rendered(style: style)
    }

    /// `[█] critical path  [░] other spans`, with only the kinds the rows have, on as many lines
    /// as `width` needs.
    private static func legend(_ rows: [Row], meaning: String, width: Int, style: TerminalStyle, ascii: Bool)
        -> [String]
    {
        var items: [String] = []
        if rows.contains(where: \.highlighted) {
            items.append("[" + style.accent(ascii ? "#" : "█") + "] " + DiagramText.clean(meaning, ascii: ascii))
        }
        if rows.contains(where: { !$0.highlighted }) {
            items.append("[" + style.dim(ascii ? "=" : "░") + "] other spans")
        }
        let fitted = items.map { DiagramText.fit($0, width: width, ascii: ascii) }
        let joined = fitted.joined(separator: "  ")
        return visibleWidth(joined) <= width ? [joined] : fitted
    }
}
