/// A trace waterfall as a standalone SVG document that opens in any browser.
///
/// The same picture as `TraceWaterfall`, to scale: time runs left to right from the earliest
/// start, each span is a bar on its own row with its label (indented by depth) on the left and
/// its duration on the right, highlighted bars are orange and the rest pale blue. Hovering a bar
/// shows its detail. Output is deterministic: the same rows give the same bytes.
public enum TraceWaterfallSVG {
    static let rowHeight = 24.0
    static let labelRoom = 260.0
    static let plotWidth = 560.0
    static let top = 64.0

    public static func render(_ rows: [TraceWaterfall.Row], title: String, highlightMeaning: String) -> String {
        let start = rows.map(\.start).min() ?? 0
        let end = max(rows.map(\.end).max() ?? 1, start + 1)
        let length = Double(end) - Double(start)
        let width = labelRoom + plotWidth + 90
        let height = top + Double(rows.count) * rowHeight + 40
        func x(_ time: Int64) -> Double { labelRoom + (Double(time) - Double(start)) / length * plotWidth }

        var out: [String] = []
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(n(width))" height="\##(n(height))" viewBox="0 0 \##(n(width)) \##(n(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
        )
        out.append("<title>\(SVGText.escape(title))</title>")
        out.append(##"<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##)
        out.append(##"<text x="12" y="22" font-weight="bold" font-size="14">\##(SVGText.escape(title))</text>"##)
        out.append(
            ##"<text x="12" y="40" fill="#666">orange: \##(SVGText.escape(highlightMeaning)) · blue: other spans · hover a bar for its ids</text>"##
        )
        // Five ticks: the start, the end and three between.
        for tick in 0...4 {
            let time = start + Int64((length * Double(tick) / 4).rounded())
            let position = n(x(time))
            out.append(
                ##"<line x1="\##(position)" y1="\##(n(top - 6))" x2="\##(position)" y2="\##(n(height - 30))" stroke="#eeeeee"/>"##
            )
            out.append(
                ##"<text x="\##(position)" y="\##(n(height - 14))" text-anchor="middle" fill="#666">\##(TimeText.format(microseconds: time - start))</text>"##
            )
        }
        for (index, row) in rows.enumerated() {
            let y = top + Double(index) * rowHeight
            let left = x(row.start)
            let barWidth = max(1, x(row.end) - left)
            let fill = row.highlighted ? "#e8590c" : "#a5c8ec"
            let weight = row.highlighted ? ##" font-weight="bold""## : ""
            let duration = TimeText.format(microseconds: max(0, row.end - row.start))
            let tooltip = row.label + " · " + duration + (row.detail.isEmpty ? "" : " · " + row.detail)
            out.append("<g><title>\(SVGText.escape(tooltip))</title>")
            out.append(
                ##"<text x="\##(n(12 + 14 * Double(min(max(0, row.depth), 12))))" y="\##(n(y + 15))"\##(weight)>\##(SVGText.escape(row.label))</text>"##
            )
            out.append(
                ##"<rect x="\##(n(left))" y="\##(n(y + 4))" width="\##(n(barWidth))" height="\##(n(rowHeight - 8))" rx="2" fill="\##(fill)"/>"##
            )
            out.append(
                ##"<text x="\##(n(left + barWidth + 6))" y="\##(n(y + 15))" fill="#444">\##(duration)</text>"##
            )
            out.append("</g>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private static func n(_ number: Double) -> String {
        SVGText.number(number)
    }
}
