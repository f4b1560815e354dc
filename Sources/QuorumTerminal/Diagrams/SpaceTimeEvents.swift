/// The rows of a space-time diagram in the order they are drawn, and what the window left out.
///
/// Each row is one event: a message where it arrives or is dropped (or where it was sent, when it
/// does not arrive within the window), a mark, or the start or end of a band. Rows are ordered by
/// time; at the same instant a band's start comes first (it explains what follows), then
/// messages, then marks (a node becomes leader after the vote that made it one arrives), then
/// band ends. Within each kind the scene's order is kept.
struct SpaceTimeEvents {
    enum Kind {
        case message(SpaceTimeMessage, Arrival)
        case mark(SpaceTimeMark)
        /// `since` holds the band's real start when it began before the window.
        case bandStart(SpaceTimeBand, since: Int64?)
        case bandEnd(SpaceTimeBand)
    }

    /// What a message row shows happened.
    enum Arrival: Equatable {
        case delivered(at: Int64)
        case dropped(at: Int64, reason: String)
        /// Does not arrive within the window; the row is at its send time.
        case open
    }

    struct Event {
        var time: Int64
        var kind: Kind
    }

    var events: [Event] = []
    /// Events of the scene that fall before or after the window (not counting those the
    /// producer already left out).
    var before = 0
    var after = 0

    init(_ scene: SpaceTimeScene) {
        var ranked: [(time: Int64, rank: Int, order: Int, kind: Kind)] = []
        func add(_ time: Int64, _ rank: Int, _ kind: Kind) {
            ranked.append((time, rank, ranked.count, kind))
        }
        let window = scene.start...max(scene.start, scene.end)
        let isEmpty = scene.end < scene.start

        func place(_ time: Int64) -> Bool {
            if isEmpty || time < window.lowerBound {
                before += 1
                return false
            }
            if time > window.upperBound {
                after += 1
                return false
            }
            return true
        }

        for band in scene.bands where !isEmpty {
            let endsInside = band.end.map { window.contains($0) } ?? false
            let endsBefore = band.end.map { $0 < window.lowerBound } ?? false
            if window.contains(band.start) {
                add(band.start, 0, .bandStart(band, since: nil))
            } else if band.start < window.lowerBound, !endsBefore {
                add(window.lowerBound, 0, .bandStart(band, since: band.start))
            }
            if endsInside, let end = band.end, end >= band.start {
                add(end, 3, .bandEnd(band))
            }
        }
        for message in scene.messages {
            let arrival: Arrival
            let time: Int64
            switch message.fate {
            case .delivered(let at):
                (arrival, time) = (.delivered(at: at), at)
            case .dropped(let at, let reason):
                (arrival, time) = (.dropped(at: at, reason: reason), at)
            case .inFlight:
                (arrival, time) = (.open, message.sentAt)
            }
            if !isEmpty, arrival != .open, time > window.upperBound, window.contains(message.sentAt) {
                // Sent inside the window, arrives after it: within the window it is still on its way.
                add(message.sentAt, 1, .message(message, .open))
            } else if place(time) {
                add(time, 1, .message(message, arrival))
            }
        }
        for mark in scene.marks where place(mark.time) {
            add(mark.time, 2, .mark(mark))
        }
        ranked.sort { ($0.time, $0.rank, $0.order) < ($1.time, $1.rank, $1.order) }
        events = ranked.map { Event(time: $0.time, kind: $0.kind) }
    }

    /// `13 events outside the window: 11 before 160ms, 2 after 330ms`, counting those the scene's
    /// producer left out too; nil when nothing was.
    func outsideSummary(of scene: SpaceTimeScene) -> String? {
        let before = scene.omittedBefore + self.before
        let after = scene.omittedAfter + self.after
        var parts: [String] = []
        if before > 0 {
            parts.append("\(before) before \(TimeText.format(microseconds: scene.start))")
        }
        if after > 0 {
            parts.append("\(after) after \(TimeText.format(microseconds: scene.end))")
        }
        guard !parts.isEmpty else { return nil }
        let total = before + after
        return "\(total == 1 ? "1 event" : "\(total) events") outside the window: " + parts.joined(separator: ", ")
    }
}
