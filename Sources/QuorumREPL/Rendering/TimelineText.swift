import QuorumCheck
import QuorumTerminal

/// A history timeline for the terminal: one row per process, a bar per operation.
///
/// ```
/// p0  ├#1 write 1┤
/// p1        ├#2 write 2┤
/// p2                    ╞read → 1═╡ ✗
/// ```
///
/// The operation that cannot be placed is drawn with double lines (and in red with colour),
/// operations overlapping it in the accent colour; the order the search found is numbered.
/// An indeterminate or unfinished operation runs off to the right, ending in `…`.
enum TimelineText {
    static func render(_ scene: TimelineScene, style: TerminalStyle, width: Int) -> String {
        let gutter = (scene.rows.map { "p\($0.process)".count }.max() ?? 2) + 2
        let marker = " ✗"
        let area = max(12, width - gutter - marker.count)
        let columns = columnPositions(scene, area: area)
        var lines = [style.bold(scene.title)]
        var previousProcess: Int?
        for row in scene.rows {
            let name = row.process == previousProcess ? "" : "p\(row.process)"
            previousProcess = row.process
            var line = name + String(repeating: " ", count: gutter - name.count)
            var used = 0
            var stuck = false
            for bar in row.bars {
                let start = columns[bar.start]
                let end = bar.end.map { columns[$0] } ?? area
                if start > used { line += String(repeating: " ", count: start - used) }
                let drawn = draw(bar, length: max(2, end - max(start, used) + (bar.end == nil ? 0 : 1)))
                line += styled(drawn, bar.role, style)
                used = max(start, used) + drawn.count
                if bar.role == .stuck { stuck = true }
            }
            if stuck { line += style.error(marker) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Column of each instant. Each bar asks for room for its label; instants keep their order
    /// and at least one column between them. The result is then stretched or squeezed to fit
    /// `area`, so labels are cut only when the terminal is too narrow for them.
    static func columnPositions(_ scene: TimelineScene, area: Int) -> [Int] {
        let count = scene.instants.count
        guard count > 1 else { return [0] }
        var needs = Array(repeating: [(start: Int, width: Int)](), count: count)
        for bar in scene.rows.flatMap(\.bars) {
            if let end = bar.end, end > bar.start { needs[end].append((bar.start, visibleWidth(bar.label) + 1)) }
        }
        var natural = Array(repeating: 0, count: count)
        for index in 1..<count {
            natural[index] = natural[index - 1] + 2
            for need in needs[index] { natural[index] = max(natural[index], natural[need.start] + need.width) }
        }
        let widest = max(1, natural[count - 1])
        let scale = Double(area - 1) / Double(widest)
        var positions = natural.map { Int((Double($0) * min(scale, 1.5)).rounded(.down)) }
        for index in 1..<count where positions[index] <= positions[index - 1] {
            positions[index] = positions[index - 1] + 1
        }
        return positions
    }

    private static func draw(_ bar: TimelineScene.Bar, length: Int) -> String {
        let isStuck = bar.role == .stuck
        let (open, fill, close) = isStuck ? ("╞", "═", "╡") : ("├", "─", "┤")
        let isOpen = bar.end == nil
        let inner = max(0, length - 2)
        var label = Array(bar.label)
        if label.count > inner { label = Array(truncate(bar.label, width: inner)) }
        let padding = String(repeating: fill, count: max(0, inner - label.count))
        return open + String(label) + padding + (isOpen ? "…" : close)
    }

    private static func styled(_ text: String, _ role: TimelineScene.Role, _ style: TerminalStyle) -> String {
        switch role {
        case .stuck: return style.error(text)
        case .concurrent: return style.accent(text)
        case .ordered: return text
        case .other: return style.dim(text)
        }
    }
}
