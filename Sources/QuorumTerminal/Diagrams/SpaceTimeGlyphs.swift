/// The characters a space-time diagram is drawn with, in box-drawing Unicode or 7-bit ASCII.
struct SpaceTimeGlyphs: Sendable {
    var lane: Character
    /// A lane between a crash and the restart that follows it.
    var crashedLane: Character
    /// Where a message leaves its sender going right, and going left.
    var senderRight: Character
    var senderLeft: Character
    var line: Character
    /// The line of a message that has not arrived yet.
    var openLine: Character
    /// A message line passing over a lane it does not concern.
    var crossing: Character
    var arrowRight: Character
    var arrowLeft: Character
    var dropped: Character
    /// The end of a message still on its way.
    var openEnd: Character
    /// A message a lane sends to itself.
    var selfMessage: Character
    /// Fills the rows where a band starts and ends.
    var band: Character
    var crash: Character
    var restart: Character
    var pause: Character
    var resume: Character
    var timer: Character
    var state: Character
    /// Marks the end of an output that was cut short.
    var ellipsis: String

    static let unicode = SpaceTimeGlyphs(
        lane: "│", crashedLane: "┊", senderRight: "├", senderLeft: "┤", line: "─", openLine: "╌", crossing: "┼",
        arrowRight: "▶", arrowLeft: "◀", dropped: "✗", openEnd: "…", selfMessage: "○", band: "╌", crash: "✖",
        restart: "↻", pause: "⏸", resume: "▶", timer: "⏱", state: "●", ellipsis: "…")

    static let ascii = SpaceTimeGlyphs(
        lane: "|", crashedLane: ":", senderRight: "+", senderLeft: "+", line: "-", openLine: "-", crossing: "|",
        arrowRight: ">", arrowLeft: "<", dropped: "x", openEnd: "~", selfMessage: "o", band: "=", crash: "X",
        restart: "R", pause: "P", resume: ">", timer: "T", state: "*", ellipsis: "...")

    func mark(_ kind: SpaceTimeMark.Kind) -> Character {
        switch kind {
        case .crash: crash
        case .restart: restart
        case .pause: pause
        case .resume: resume
        case .timer: timer
        case .state, .note: state
        }
    }
}

extension SpaceTimeMark.Kind {
    /// The colour a mark and its text are drawn in.
    var paint: Paint {
        switch self {
        case .crash: .error
        case .restart: .success
        case .pause, .resume: .warning
        case .timer: .accent
        case .state: .bold
        case .note: .plain
        }
    }
}
