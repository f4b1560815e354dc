/// A lane's role from `start` until the lane's next segment starts.
public struct RoleSegment: Sendable, Equatable {
    public var start: Int64
    /// E.g. `"leader"`, `"follower"`, `"down"`.
    public var role: String

    public init(start: Int64, role: String) {
        self.start = start
        self.role = role
    }
}

/// Which role each lane held over a window, one bar per lane.
///
/// ```
/// n1 ────────────────────────────────              ───────────
/// n2 ──────────────────────███████████████████████████████████
/// n3 ──────────────────────────────────────▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
///    0s                                                  400ms
/// [█] leader  [▒] candidate  [─] follower  [ ] down
/// ```
public enum RoleTimeline {
    static let unicodeGlyphs: [Character] = ["█", "▒", "─", " ", "▓", "░", "═", "┄"]
    static let asciiGlyphs: [Character] = ["#", "+", "-", ".", "=", "*", "~", "o"]

    /// One row per lane, an axis row with the window's start and end, and a legend.
    ///
    /// Each column of a bar shows the role in force at the column's time (its left edge), so a
    /// role held for less than a column's span may not show; the legend still lists it. Roles get
    /// glyphs in order of first appearance (earliest first, then by lane), except that roles named
    /// in `roleOrder` come first, in that order, so a caller can give `leader` the boldest glyph.
    /// `down` is always blank, and no other role is. Beyond the eight glyphs, further roles share
    /// `◆` (`@`); a column before a lane's first segment shows `?`. Segments need not be sorted; a
    /// lane without segments is all `?`.
    public static func render(
        lanes: [String], segments: [[RoleSegment]], start: Int64, end: Int64, width: Int,
        style: TerminalStyle, ascii: Bool, roleOrder: [String] = []
    ) -> [String] {
        let width = max(1, width)
        let sorted = lanes.indices.map { lane in
            let given = lane < segments.count ? segments[lane] : []
            return given.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
                .map(\.element)
        }
        let names = lanes.map { DiagramText.clean($0, ascii: ascii) }
        let nameWidth = min(names.map(visibleWidth).max() ?? 0, 12, max(2, width / 4))
        let barStart = nameWidth + 1
        let barWidth = max(1, width - barStart)
        let glyphs = RoleGlyphs(
            roles: rolesInOrder(sorted, start: start, end: end, roleOrder: roleOrder), ascii: ascii)
        let ellipsis = ascii ? "..." : "…"

        var lines: [String] = []
        var showsUnknown = false
        for (lane, name) in names.enumerated() {
            var line = PaintedLine(width: min(width, barStart + barWidth))
            line.write(name, at: 0, .bold, limit: nameWidth, ellipsis: ellipsis)
            for column in 0..<barWidth {
                let time = columnTime(column, of: barWidth, start: start, end: end)
                let role = sorted[lane].last { $0.start <= time }?.role
                showsUnknown = showsUnknown || role == nil
                let (glyph, paint) = glyphs.glyph(for: role)
                line.put(glyph, at: barStart + column, paint)
            }
            lines.append(line.rendered(style: style))
        }
        lines.append(axis(start: start, end: end, barStart: barStart, width: width, style: style, ascii: ascii))
        lines += glyphs.legend(width: width, style: style, ascii: ascii, showsUnknown: showsUnknown)
        return lines
    }

    /// The time at the left edge of `column`.
    private static func columnTime(_ column: Int, of columns: Int, start: Int64, end: Int64) -> Int64 {
        guard end > start else { return start }
        let span = Double(end) - Double(start)
        let offset = (span * Double(column) / Double(columns)).rounded(.down)
        return start &+ Int64(min(offset, span))
    }

    /// Roles in force at some point of the window: those of `roleOrder` first, then the rest by
    /// first appearance.
    private static func rolesInOrder(
        _ segments: [[RoleSegment]], start: Int64, end: Int64, roleOrder: [String]
    ) -> [String] {
        var appearances: [(time: Int64, lane: Int, role: String)] = []
        for (lane, list) in segments.enumerated() {
            for (index, segment) in list.enumerated() {
                let next = index + 1 < list.count ? list[index + 1].start : nil
                let inForce = segment.start <= end && (next.map { $0 > start } ?? true)
                if inForce {
                    appearances.append((max(segment.start, start), lane, segment.role))
                }
            }
        }
        appearances.sort { ($0.time, $0.lane) < ($1.time, $1.lane) }
        var roles = roleOrder.filter { role in appearances.contains { $0.role == role } }
        for appearance in appearances where !roles.contains(appearance.role) {
            roles.append(appearance.role)
        }
        return roles
    }

    /// `0s` under the start of the bars and the end time flush with their right end.
    private static func axis(
        start: Int64, end: Int64, barStart: Int, width: Int, style: TerminalStyle, ascii: Bool
    ) -> String {
        let first = TimeText.format(microseconds: start)
        let last = TimeText.format(microseconds: end)
        var line = PaintedLine(width: width)
        line.write(first, at: barStart, .dim, ellipsis: ascii ? "..." : "…")
        let lastColumn = width - last.count
        if lastColumn > barStart + first.count {
            line.write(last, at: lastColumn, .dim)
        }
        return line.rendered(style: style)
    }
}

/// The glyph and colour of each role in a role timeline.
private struct RoleGlyphs {
    let roles: [String]
    let ascii: Bool

    private var list: [Character] { ascii ? RoleTimeline.asciiGlyphs : RoleTimeline.unicodeGlyphs }
    private var other: Character { ascii ? "@" : "◆" }
    private static let unknown: Character = "?"
    /// Where the blank glyph (`.` in ASCII) sits in the glyph lists.
    private static let blank = 3
    private static let paints: [Paint] = [.accent, .warning, .dim, .plain]

    func glyph(for role: String?) -> (Character, Paint) {
        guard let role else { return (Self.unknown, .dim) }
        guard let slot = slot(of: role) else { return (other, .plain) }
        return (list[slot], slot < Self.paints.count ? Self.paints[slot] : .plain)
    }

    /// The blank glyph belongs to `down`, a node that is not running; every other role takes the
    /// remaining glyphs in order, so a live role is never drawn as empty space.
    private func slot(of role: String) -> Int? {
        if role == "down" { return Self.blank }
        guard let index = roles.filter({ $0 != "down" }).firstIndex(of: role) else { return nil }
        let slot = index < Self.blank ? index : index + 1
        return slot < list.count ? slot : nil
    }

    /// `[█] leader  [▒] candidate`, broken into lines that fit `width`.
    func legend(width: Int, style: TerminalStyle, ascii: Bool, showsUnknown: Bool) -> [String] {
        var items: [String] = []
        for role in roles where slot(of: role) != nil {
            let (glyph, paint) = glyph(for: role)
            let name = DiagramText.fit(DiagramText.clean(role, ascii: ascii), width: width - 4, ascii: ascii)
            items.append("[" + paint.apply(String(glyph), style: style) + "] " + name)
        }
        let others = roles.filter { slot(of: $0) == nil }
        if !others.isEmpty {
            let names = others.map { DiagramText.clean($0, ascii: ascii) }.joined(separator: ", ")
            items.append(DiagramText.fit("[\(other)] " + names, width: width, ascii: ascii))
        }
        if showsUnknown {
            items.append("[" + style.dim(String(Self.unknown)) + "] no role yet")
        }
        var lines: [String] = []
        var current = ""
        for item in items.map({ DiagramText.fit($0, width: width, ascii: ascii) }) {
            if current.isEmpty {
                current = item
            } else if visibleWidth(current) + 2 + visibleWidth(item) <= width {
                current += "  " + item
            } else {
                lines.append(current)
                current = item
            }
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }
}
