extension SpaceTimeSVG {
    /// An arrow per message, in the order the terminal diagram lists them, then their labels, so
    /// that no arrow is drawn over a label. Arrow and label are each in a group whose title gives
    /// the message's id, detail, lanes and times.
    static func messages(
        _ scene: SpaceTimeScene, _ events: SpaceTimeEvents, _ layout: SpaceTimeSVGLayout
    ) -> [String] {
        var out: [String] = []
        var labels: [String] = []
        for case .message(let message, let arrival) in events.events.map(\.kind) {
            let lanes = scene.lanes.indices
            guard lanes.contains(message.from), lanes.contains(message.to) else { continue }
            let group = "<g><title>\(SVGText.escape(title(message, arrival, scene)))</title>"
            out.append(group)
            let x1 = layout.x(message.from)
            let y1 = layout.y(message.sentAt)
            let (x2, y2): (Double, Double)
            let stroke: String
            switch arrival {
            case .delivered(let at):
                (x2, y2) = (layout.x(message.to), layout.y(at))
                stroke = ##"stroke="#1e63b5" stroke-width="1.5" marker-end="url(#arrow)""##
            case .dropped(let at, _):
                (x2, y2) = ((x1 + layout.x(message.to)) / 2, layout.y(at))
                stroke = ##"stroke="#c62828" stroke-width="1.5""##
            case .open:
                (x2, y2) = ((x1 + layout.x(message.to)) / 2, layout.y(scene.end))
                stroke = ##"stroke="#888888" stroke-width="1.5" stroke-dasharray="6 4""##
            }
            if message.from == message.to {
                // A message to oneself loops out to the right and back.
                out.append(
                    ##"<path d="M\##(n(x1)),\##(n(y1)) C\##(n(x1 + 45)),\##(n(y1)) \##(n(x1 + 45)),\##(n(y2)) \##(n(x1)),\##(n(y2))" fill="none" \##(stroke)/>"##
                )
            } else {
                out.append(
                    ##"<line x1="\##(n(x1))" y1="\##(n(y1))" x2="\##(n(x2))" y2="\##(n(y2))" \##(stroke)/>"##)
            }
            if case .dropped = arrival {
                out.append(cross(at: x2, y2, color: "#c62828", size: 5))
            }
            out.append("</g>")
            let labelX = message.from == message.to ? x1 + 50 : (x1 + x2) / 2
            let anchor = message.from == message.to ? "start" : "middle"
            labels.append(group)
            labels.append(
                ##"<text x="\##(n(labelX))" y="\##(n((y1 + y2) / 2 - 4))" text-anchor="\##(anchor)" font-size="11" fill="#222" stroke="#ffffff" stroke-width="3" paint-order="stroke">\##(SVGText.escape(message.label + " #\(message.id)"))</text>"##
            )
            labels.append("</g>")
        }
        return out + labels
    }

    /// A symbol per mark on its lane with its text to the right; marks at the same place and time
    /// stack their texts downwards and their symbols to the left instead of overprinting.
    static func marks(_ scene: SpaceTimeScene, _ events: SpaceTimeEvents, _ layout: SpaceTimeSVGLayout) -> [String] {
        var out: [String] = []
        var stacked: [Int64: [Int: Int]] = [:]
        for case .mark(let mark) in events.events.map(\.kind)
        where scene.lanes.indices.contains(mark.lane) {
            let x = layout.x(mark.lane)
            let y = layout.y(mark.time)
            let level = stacked[mark.time, default: [:]][mark.lane, default: 0]
            stacked[mark.time, default: [:]][mark.lane] = level + 1
            let title =
                scene.lanes[mark.lane] + " · " + mark.text + " · " + TimeText.format(microseconds: mark.time)
            out.append("<g><title>\(SVGText.escape(title))</title>")
            out.append(symbol(mark.kind, x: x - 13 * Double(level), y: y))
            out.append(
                ##"<text x="\##(n(x + 10))" y="\##(n(y + 4 + 13 * Double(level)))" font-size="11" fill="\##(color(mark.kind))" stroke="#ffffff" stroke-width="3" paint-order="stroke">\##(SVGText.escape(mark.text))</text>"##
            )
            out.append("</g>")
        }
        return out
    }

    private static func title(
        _ message: SpaceTimeMessage, _ arrival: SpaceTimeEvents.Arrival, _ scene: SpaceTimeScene
    ) -> String {
        let route = scene.lanes[message.from] + " → " + scene.lanes[message.to]
        let sent = TimeText.format(microseconds: message.sentAt)
        let what = message.detail.isEmpty ? message.label : message.detail
        var text = "#\(message.id) \(what) · \(route) · sent \(sent)"
        switch arrival {
        case .delivered(let at):
            let latency = TimeText.format(microseconds: at - message.sentAt)
            text += " · delivered \(TimeText.format(microseconds: at)) (after \(latency))"
        case .dropped(let at, let reason):
            text += " · dropped \(TimeText.format(microseconds: at))" + (reason.isEmpty ? "" : ": \(reason)")
        case .open:
            text += " · not delivered by \(TimeText.format(microseconds: scene.end))"
        }
        return text
    }

    private static func color(_ kind: SpaceTimeMark.Kind) -> String {
        switch kind {
        case .crash: "#c62828"
        case .restart: "#2e7d32"
        case .pause, .resume: "#a66f00"
        case .timer: "#555555"
        case .state: "#1e63b5"
        case .note: "#444444"
        }
    }

    private static func symbol(_ kind: SpaceTimeMark.Kind, x: Double, y: Double) -> String {
        let fill = color(kind)
        switch kind {
        case .crash:
            return cross(at: x, y, color: fill, size: 6)
        case .restart:
            return
                ##"<circle cx="\##(n(x))" cy="\##(n(y))" r="5" fill="#ffffff" stroke="\##(fill)" stroke-width="2"/>"##
        case .pause:
            return
                ##"<rect x="\##(n(x - 4))" y="\##(n(y - 5))" width="3" height="10" fill="\##(fill)"/><rect x="\##(n(x + 1))" y="\##(n(y - 5))" width="3" height="10" fill="\##(fill)"/>"##
        case .resume:
            return
                ##"<path d="M\##(n(x - 4)),\##(n(y - 5)) L\##(n(x + 5)),\##(n(y)) L\##(n(x - 4)),\##(n(y + 5)) z" fill="\##(fill)"/>"##
        case .timer:
            return
                ##"<circle cx="\##(n(x))" cy="\##(n(y))" r="5" fill="#ffffff" stroke="\##(fill)" stroke-width="1.5"/><line x1="\##(n(x))" y1="\##(n(y))" x2="\##(n(x))" y2="\##(n(y - 4))" stroke="\##(fill)" stroke-width="1.5"/>"##
        case .state:
            return ##"<circle cx="\##(n(x))" cy="\##(n(y))" r="4.5" fill="\##(fill)"/>"##
        case .note:
            return
                ##"<circle cx="\##(n(x))" cy="\##(n(y))" r="4" fill="#ffffff" stroke="\##(fill)" stroke-width="1.5"/>"##
        }
    }

    private static func cross(at x: Double, _ y: Double, color: String, size: Double) -> String {
        let a = "x1=\"\(n(x - size))\" y1=\"\(n(y - size))\" x2=\"\(n(x + size))\" y2=\"\(n(y + size))\""
        let b = "x1=\"\(n(x - size))\" y1=\"\(n(y + size))\" x2=\"\(n(x + size))\" y2=\"\(n(y - size))\""
        return
            "<line \(a) stroke=\"\(color)\" stroke-width=\"2.5\"/><line \(b) stroke=\"\(color)\" stroke-width=\"2.5\"/>"
    }
}
