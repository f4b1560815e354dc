import QuorumCheck
import QuorumTerminal

/// A history timeline as a standalone SVG document that opens in any browser.
///
/// The same scene as the terminal timeline: a row per process, a rectangle per operation (its
/// label inside, the full description as a tooltip). The operation that cannot be placed is red,
/// the ones overlapping it blue, the order found grey and numbered; an indeterminate operation
/// fades out to the right edge.
enum TimelineSVG {
    static func render(_ scene: TimelineScene) -> String {
        let left = 60.0
        let right = 30.0
        let width = 960.0
        let rowHeight = 34.0
        let top = 56.0
        let height = top + rowHeight * Double(max(1, scene.rows.count)) + 40
        let area = width - left - right
        let count = scene.instants.count
        func x(_ instant: Int) -> Double {
            count > 1 ? left + area * Double(instant) / Double(count - 1) : left
        }
        var out: [String] = []
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(format(width))" height="\##(format(height))" viewBox="0 0 \##(format(width)) \##(format(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
        )
        out.append("<title>\(escape(scene.title))</title>")
        out.append(
            ##"<defs><linearGradient id="open" x1="0" x2="1" y1="0" y2="0"><stop offset="0" stop-color="#fff3cd"/><stop offset="1" stop-color="#fff3cd" stop-opacity="0"/></linearGradient></defs>"##
        )
        out.append(##"<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##)
        out.append(
            ##"<text x="\##(format(left))" y="24" font-size="15" font-weight="bold">\##(escape(scene.title))</text>"##)
        out.append(
            ##"<text x="\##(format(left))" y="44" fill="#666">time →   red: cannot be placed · blue: overlaps it · grey #n: the order found · open right: indeterminate</text>"##
        )
        for (number, row) in scene.rows.enumerated() {
            let y = top + rowHeight * Double(number)
            out.append(
                ##"<line x1="\##(format(left))" y1="\##(format(y + rowHeight / 2))" x2="\##(format(width - right))" y2="\##(format(y + rowHeight / 2))" stroke="#eeeeee"/>"##
            )
            out.append(
                ##"<text x="10" y="\##(format(y + rowHeight / 2 + 4))" font-weight="bold">p\##(row.process)</text>"##)
            for bar in row.bars {
                let start = x(bar.start)
                let end = bar.end.map(x) ?? (width - right)
                let barWidth = max(6, end - start)
                let (fill, stroke) = colors(bar)
                let tooltip =
                    OperationText.label(bar.operation) + " · " + bar.operation.outcome.rawValue
                    + (bar.operation.line.map { " · line \($0)" } ?? "")
                out.append("<g><title>\(escape(tooltip))</title>")
                out.append(
                    ##"<rect x="\##(format(start))" y="\##(format(y + 6))" width="\##(format(barWidth))" height="\##(format(rowHeight - 12))" rx="4" fill="\##(fill)" stroke="\##(stroke)" stroke-width="\##(bar.role == .stuck ? 2.5 : 1)"/>"##
                )
                let characters = max(0, Int((barWidth - 8) / 7))
                let label =
                    bar.label.count > characters ? String(bar.label.prefix(max(0, characters - 1))) + "…" : bar.label
                if characters > 1 {
                    out.append(
                        ##"<text x="\##(format(start + 5))" y="\##(format(y + rowHeight / 2 + 4))">\##(escape(label))</text>"##
                    )
                }
                out.append("</g>")
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private static func colors(_ bar: TimelineScene.Bar) -> (fill: String, stroke: String) {
        if bar.end == nil { return ("url(#open)", "#c9a227") }
        switch bar.role {
        case .stuck: return ("#fdd8d8", "#c62828")
        case .concurrent: return ("#dbe9fb", "#1e63b5")
        case .ordered: return ("#eeeeee", "#777777")
        case .other: return ("#f7f7f7", "#bbbbbb")
        }
    }

    private static func format(_ number: Double) -> String {
        let rounded = (number * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    /// Text safe inside XML elements and attributes (the diagrams' shared escaping).
    static func escape(_ text: String) -> String { SVGText.escape(text) }
}
