/// A space-time (Lamport) diagram for the terminal: one column per lane, time flowing down, one
/// row per event.
///
/// ```
///    time  c1        n1        n2        n3
///   150ms  │         │         ⏱         │  n2 election timeout
/// 151.2ms  │         │◀────────┤         │  vote? t2 #1 (sent 150ms)
/// 153.3ms  │         │         │    ✗────┤  granted t2 #4 ✗ lost (sent 152.5ms)
///   180ms  ╌╌ partition c1,n1,n2 | n3 ╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌╌
///   220ms  │         ✖         │         │  n1 crashed
///   260ms  │         ┊         │         ⏱  n3 election timeout
/// ```
///
/// A delivered message is an arrow on the row where it arrives, with its label, id and send time
/// in the notes on the right, so the distance between the two times is the latency. A dropped
/// message stops halfway at `✗` with the reason; one that never arrives in the window is drawn
/// where it was sent, open-ended. Marks sit on their lane; a crashed lane is dotted until it
/// restarts. Bands (partitions) are full-width rows where they start and end, and the lanes they
/// cut off are drawn in the warning colour while they last.
public enum SpaceTimeDiagram {
    /// The diagram as lines no wider than `width` columns (40 or more reads well).
    ///
    /// Lanes are spread evenly over the left part of the width and are never cut; the notes on the
    /// right are cut to what is left, so narrow terminals lose the ends of labels first. At most
    /// `maxRows` event rows are drawn; a footer then says how many were left out and suggests a
    /// narrower window, as another does when the scene says events were cut off by its window.
    /// With `ascii`, every character is 7-bit ASCII (caller text included).
    public static func render(
        _ scene: SpaceTimeScene, width: Int, style: TerminalStyle, ascii: Bool, maxRows: Int = 80
    ) -> [String] {
        let width = max(1, width)
        let window = SpaceTimeEvents(scene)
        let events = window.events
        let shown = Array(events.prefix(max(0, maxRows)))
        let layout = SpaceTimeLayout(
            laneCount: scene.lanes.count, times: shown.map(\.time), width: width)
        var painter = SpaceTimeRowPainter(
            scene: scene, layout: layout, glyphs: ascii ? .ascii : .unicode, ascii: ascii, shown: shown)

        var lines = [painter.header().rendered(style: style)]
        var previousTime: Int64?
        for event in shown {
            let line = painter.row(event, showTime: event.time != previousTime, style: style)
            lines.append(line.rendered(style: style))
            previousTime = event.time
        }
        for footer in footers(scene: scene, window: window, shownCount: shown.count, ascii: ascii) {
            lines.append(style.dim(DiagramText.fit(footer, width: width, ascii: ascii)))
        }
        return lines
    }

    /// The hints under the rows: events beyond `maxRows`, and events outside the window.
    private static func footers(
        scene: SpaceTimeScene, window: SpaceTimeEvents, shownCount: Int, ascii: Bool
    ) -> [String] {
        let events = window.events
        let ellipsis = ascii ? "..." : "…"
        var footers: [String] = []
        let hidden = events.count - shownCount
        if hidden > 0 {
            // Suggest the window that shows the next page of rows.
            let from = events[shownCount].time
            let to = events[min(events.count - 1, shownCount + max(1, shownCount) - 1)].time
            let next = TimeText.format(microseconds: from) + ".." + TimeText.format(microseconds: to)
            footers.append(
                "\(ellipsis) \(hidden) more \(hidden == 1 ? "event" : "events"); "
                    + "narrow the window with `diagram \(next)`")
        }
        if let outside = window.outsideSummary(of: scene) {
            footers.append("\(ellipsis) \(outside)")
        }
        return footers
    }
}
