/// A space-time diagram as a standalone SVG document that opens in any browser.
///
/// The same scene as `SpaceTimeDiagram`: lanes are vertical lines with their names on top, time
/// runs down with the instants labelled on the left, and a message is a slanted arrow from where it
/// was sent to where it arrived. Dropped messages end in a red `✗` at the drop time, messages still
/// on their way are dashed and open-ended, crashed stretches of a lane are dashed, and bands are
/// translucent rectangles over the lanes they cut off. Hovering a message, mark or band shows its
/// details.
///
/// The time scale is not linear: every instant at which something happens gets room of its own,
/// and the gap to the next grows with the time between them, compressed (see
/// `SpaceTimeSVGLayout`). Traces are bursts of messages within a millisecond between quiet
/// stretches of a second; to scale, a burst would be one smudge. Slopes still compare latencies of
/// nearby messages, and the axis labels give the real times.
///
/// Output is deterministic: the same scene gives the same bytes.
public enum SpaceTimeSVG {
    public static func render(_ scene: SpaceTimeScene) -> String {
        let layout = SpaceTimeSVGLayout(scene)
        var out: [String] = []
        let size = "width=\"\(n(layout.width))\" height=\"\(n(layout.height))\""
        out.append(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.append(
            ##"<svg xmlns="http://www.w3.org/2000/svg" "## + size
                + ##" viewBox="0 0 \##(n(layout.width)) \##(n(layout.height))" font-family="Helvetica, Arial, sans-serif" font-size="12">"##
        )
        let window = TimeText.format(microseconds: scene.start) + " to " + TimeText.format(microseconds: scene.end)
        out.append("<title>\(SVGText.escape("Space-time diagram, \(window)"))</title>")
        out.append(
            ##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1e63b5"/></marker></defs>"##
        )
        out.append(##"<rect x="0" y="0" width="100%" height="100%" fill="#ffffff"/>"##)
        out.append(
            ##"<text x="12" y="22" fill="#666">time runs down, quiet stretches shortened · blue: delivered · red ✗: dropped · dashed: in flight or down · shaded: partition</text>"##
        )
        out += bands(scene, layout)
        out += axis(scene, layout)
        out += lanes(scene, layout)
        let events = SpaceTimeEvents(scene)
        out += messages(scene, events, layout)
        out += marks(scene, events, layout)
        if let footer = events.outsideSummary(of: scene) {
            out.append(
                ##"<text x="12" y="\##(n(layout.height - 14))" fill="#666">\##(SVGText.escape(footer))</text>"##)
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Axis, lanes and bands

    /// Tick lines across the lanes with time labels on the left.
    private static func axis(_ scene: SpaceTimeScene, _ layout: SpaceTimeSVGLayout) -> [String] {
        var out: [String] = []
        for tick in layout.ticks {
            let y = n(layout.y(tick))
            out.append(
                ##"<line x1="\##(n(layout.left))" y1="\##(y)" x2="\##(n(layout.width - 20))" y2="\##(y)" stroke="#eeeeee"/>"##
            )
            out.append(
                ##"<text x="\##(n(layout.left - 8))" y="\##(n(layout.y(tick) + 4))" text-anchor="end" fill="#666">\##(TimeText.format(microseconds: tick))</text>"##
            )
        }
        return out
    }

    /// Each lane's name and line; stretches between a crash and its restart are dashed.
    private static func lanes(_ scene: SpaceTimeScene, _ layout: SpaceTimeSVGLayout) -> [String] {
        var out: [String] = []
        for (lane, name) in scene.lanes.enumerated() {
            let x = n(layout.x(lane))
            out.append(
                ##"<text x="\##(x)" y="\##(n(layout.top - 14))" text-anchor="middle" font-weight="bold" font-size="14">\##(SVGText.escape(name))</text>"##
            )
            for stretch in layout.stretches(of: lane) {
                let style =
                    stretch.crashed
                    ? ##"stroke="#c62828" stroke-opacity="0.6" stroke-dasharray="4 4""## : ##"stroke="#444444""##
                out.append(
                    ##"<line x1="\##(x)" y1="\##(n(stretch.from))" x2="\##(x)" y2="\##(n(stretch.to))" \##(style) stroke-width="1.5"/>"##
                )
            }
        }
        return out
    }

    /// A translucent rectangle per run of adjacent cut-off lanes (the whole width when none are
    /// given), over the band's time span within the window, labelled at its top.
    private static func bands(_ scene: SpaceTimeScene, _ layout: SpaceTimeSVGLayout) -> [String] {
        var out: [String] = []
        for band in scene.bands {
            let from = max(band.start, scene.start)
            let to = min(band.end ?? scene.end, scene.end)
            guard from <= to, scene.start <= scene.end else { continue }
            let (top, bottom) = (layout.y(from), max(layout.y(to), layout.y(from) + 2))
            let runs = layout.runs(of: band.lanes)
            let title =
                band.text + " · from " + TimeText.format(microseconds: band.start)
                + (band.end.map { " to " + TimeText.format(microseconds: $0) } ?? " past the window")
            out.append("<g><title>\(SVGText.escape(title))</title>")
            let spans = runs.isEmpty ? [(layout.left, layout.width - 20)] : runs.map { layout.span(ofLanes: $0) }
            for (left, right) in spans {
                out.append(
                    ##"<rect x="\##(n(left))" y="\##(n(top))" width="\##(n(right - left))" height="\##(n(bottom - top))" fill="#f5a623" fill-opacity="0.15" stroke="#f5a623" stroke-opacity="0.6"/>"##
                )
            }
            if let first = spans.first {
                out.append(
                    ##"<text x="\##(n(first.0 + 6))" y="\##(n(top + 14))" fill="#8a5a00" font-size="11">\##(SVGText.escape(band.text))</text>"##
                )
            }
            out.append("</g>")
        }
        return out
    }

    static func n(_ number: Double) -> String {
        SVGText.number(number)
    }
}
