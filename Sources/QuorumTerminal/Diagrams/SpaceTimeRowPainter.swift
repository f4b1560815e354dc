/// Draws the header and event rows of a space-time diagram, keeping track of which lanes are down.
struct SpaceTimeRowPainter {
    let scene: SpaceTimeScene
    let layout: SpaceTimeLayout
    let glyphs: SpaceTimeGlyphs
    let ascii: Bool
    /// Lanes between a crash and the following restart.
    private var crashed: Set<Int> = []

    /// `shown` are the rows that will be drawn: a lane whose first crash-or-restart among them is
    /// a restart was down when the window opened.
    init(
        scene: SpaceTimeScene, layout: SpaceTimeLayout, glyphs: SpaceTimeGlyphs, ascii: Bool,
        shown: [SpaceTimeEvents.Event]
    ) {
        self.scene = scene
        self.layout = layout
        self.glyphs = glyphs
        self.ascii = ascii
        var seen: Set<Int> = []
        for case .mark(let mark) in shown.map(\.kind) where !seen.contains(mark.lane) {
            if mark.kind == .restart {
                crashed.insert(mark.lane)
            }
            if mark.kind == .restart || mark.kind == .crash {
                seen.insert(mark.lane)
            }
        }
    }

    /// Lane names over their columns, `time` over the time labels.
    func header() -> PaintedLine {
        var line = PaintedLine(width: layout.width)
        line.write("time", at: layout.timeWidth - 4, .dim)
        for (index, name) in scene.lanes.enumerated() {
            let column = layout.column(ofLane: index)
            let isLast = index == scene.lanes.count - 1
            let limit = isLast ? layout.width - column : max(1, layout.spacing - 1)
            line.write(clean(name), at: column, .bold, limit: limit, ellipsis: ellipsis)
        }
        return line
    }

    mutating func row(_ event: SpaceTimeEvents.Event, showTime: Bool, style: TerminalStyle) -> PaintedLine {
        switch event.kind {
        case .bandStart(let band, let since):
            var text = clean(band.text)
            if let since {
                text += " (since \(TimeText.format(microseconds: since)))"
            }
            return bandRow(text, time: event.time, showTime: showTime)
        case .bandEnd(let band):
            // With several bands, "healed" alone would not say which one ended.
            let text = scene.bands.count == 1 ? "healed" : "healed: " + clean(band.text)
            return bandRow(text, time: event.time, showTime: showTime)
        case .message(let message, let arrival):
            var line = laneRow(time: event.time, showTime: showTime)
            draw(message, arrival, on: &line)
            line.tail = notes(for: message, arrival, style: style)
            return line
        case .mark(let mark):
            var line = laneRow(time: event.time, showTime: showTime)
            if scene.lanes.indices.contains(mark.lane) {
                line.put(glyphs.mark(mark.kind), at: layout.column(ofLane: mark.lane), mark.kind.paint)
            }
            switch mark.kind {
            case .crash: crashed.insert(mark.lane)
            case .restart: crashed.remove(mark.lane)
            default: break
            }
            let text = style.dim(laneName(mark.lane)) + " " + mark.kind.paint.apply(clean(mark.text), style: style)
            line.tail = fitNotes(text)
            return line
        }
    }

    // MARK: Rows

    /// The time label and every lane as it stands at `time`.
    private func laneRow(time: Int64, showTime: Bool) -> PaintedLine {
        var line = PaintedLine(width: min(layout.width, layout.notes))
        if showTime {
            writeTime(time, on: &line)
        }
        let cutOff = lanesCutOff(at: time)
        for lane in scene.lanes.indices {
            let glyph = crashed.contains(lane) ? glyphs.crashedLane : glyphs.lane
            line.put(glyph, at: layout.column(ofLane: lane), cutOff.contains(lane) ? .warning : .dim)
        }
        return line
    }

    /// A full-width row such as `╌╌ partition n1,n2 | n3 ╌╌╌╌`.
    private func bandRow(_ text: String, time: Int64, showTime: Bool) -> PaintedLine {
        var line = PaintedLine(width: layout.width)
        if showTime {
            writeTime(time, on: &line)
        }
        let start = layout.firstLane
        let rule = String(repeating: glyphs.band, count: 2)
        let fitted = DiagramText.fit(text, width: layout.width - start - 6, ascii: ascii)
        let content = rule + " " + fitted + " "
        line.write(content, at: start, .warning, ellipsis: ellipsis)
        let filled = start + visibleWidth(content)
        for column in filled..<max(filled, layout.width) {
            line.put(glyphs.band, at: column, .warning)
        }
        return line
    }

    private func writeTime(_ time: Int64, on line: inout PaintedLine) {
        let label = TimeText.format(microseconds: time)
        line.write(label, at: layout.timeWidth - label.count, .dim)
    }

    /// Lanes on the cut-off side of a band in force at `time`.
    private func lanesCutOff(at time: Int64) -> Set<Int> {
        var lanes: Set<Int> = []
        for band in scene.bands where band.start <= time && band.end.map({ time < $0 }) ?? true {
            lanes.formUnion(band.lanes)
        }
        return lanes
    }

    // MARK: Messages

    /// The arrow: `├───▶│` delivered, `├──✗  │` dropped halfway, `├╌╌╌…│` still on its way.
    private func draw(_ message: SpaceTimeMessage, _ arrival: SpaceTimeEvents.Arrival, on line: inout PaintedLine) {
        let lanes = scene.lanes.indices
        guard lanes.contains(message.from), lanes.contains(message.to) else { return }
        let from = layout.column(ofLane: message.from)
        let to = layout.column(ofLane: message.to)
        guard from != to else {
            line.put(glyphs.selfMessage, at: from, .accent)
            return
        }
        let step = to > from ? 1 : -1
        let sender = step > 0 ? glyphs.senderRight : glyphs.senderLeft
        let laneColumns = Set(lanes.map(layout.column(ofLane:)))
        func stroke(_ columns: StrideTo<Int>, _ glyph: Character, _ paint: Paint) {
            for column in columns {
                line.put(laneColumns.contains(column) ? glyphs.crossing : glyph, at: column, paint)
            }
        }
        switch arrival {
        case .delivered:
            line.put(sender, at: from, .accent)
            stroke(stride(from: from + step, to: to - step, by: step), glyphs.line, .accent)
            line.put(step > 0 ? glyphs.arrowRight : glyphs.arrowLeft, at: to - step, .accent)
        case .dropped:
            let middle = from + (to - from) / 2
            line.put(sender, at: from, .error)
            stroke(stride(from: from + step, to: middle, by: step), glyphs.line, .error)
            line.put(glyphs.dropped, at: middle, .error)
        case .open:
            line.put(sender, at: from, .warning)
            stroke(stride(from: from + step, to: to - step, by: step), glyphs.openLine, .warning)
            line.put(glyphs.openEnd, at: to - step, .warning)
        }
    }

    /// `vote? t2 #1 (sent 150ms)`, with the reason of a drop before the send time so that it
    /// survives a narrow terminal longer. The send time is left out whole rather than cut, since a
    /// cut number (`(sent 16…`) would read as another time.
    private func notes(
        for message: SpaceTimeMessage, _ arrival: SpaceTimeEvents.Arrival, style: TerminalStyle
    ) -> String {
        var text = clean(message.label) + " " + style.dim("#\(message.id)")
        var sent: String?
        switch arrival {
        case .delivered:
            sent = style.dim("(sent \(TimeText.format(microseconds: message.sentAt)))")
        case .dropped(_, let reason):
            let said = clean(reason)
            text += " " + style.error("\(glyphs.dropped) " + (said.isEmpty ? "dropped" : said))
            sent = style.dim("(sent \(TimeText.format(microseconds: message.sentAt)))")
        case .open:
            text += " " + style.warning("in flight")
        }
        if !scene.lanes.indices.contains(message.from) || !scene.lanes.indices.contains(message.to) {
            text = laneName(message.from) + (ascii ? " -> " : " → ") + laneName(message.to) + " " + text
        }
        if let sent, visibleWidth(text) + 1 + visibleWidth(sent) <= layout.width - layout.notes {
            text += " " + sent
        }
        return fitNotes(text)
    }

    // MARK: Text

    private var ellipsis: String { ascii ? "..." : "…" }

    private func clean(_ text: String) -> String {
        DiagramText.clean(text, ascii: ascii)
    }

    private func laneName(_ lane: Int) -> String {
        scene.lanes.indices.contains(lane) ? clean(scene.lanes[lane]) : "lane \(lane)?"
    }

    /// Notes cut to the columns right of the lanes; none when the lanes take the whole width.
    private func fitNotes(_ text: String) -> String {
        let room = layout.width - layout.notes
        return room > 0 ? DiagramText.fit(text, width: room, ascii: ascii) : ""
    }
}
