/// The colour role of a piece of diagram text; `TerminalStyle` turns it into escape codes, or
/// into nothing when colour is off.
enum Paint: Equatable, Sendable {
    case plain
    case dim
    case bold
    case accent
    case success
    case warning
    case error

    func apply(_ text: String, style: TerminalStyle) -> String {
        switch self {
        case .plain: text
        case .dim: style.dim(text)
        case .bold: style.bold(text)
        case .accent: style.accent(text)
        case .success: style.success(text)
        case .warning: style.warning(text)
        case .error: style.error(text)
        }
    }
}

/// One output line of a diagram, drawn column by column like a canvas, then printed with as few
/// escape codes as its colours need.
///
/// Each column holds what a terminal shows there. A wide character takes its column and the next
/// one; writing over either half blanks the other, so the line never grows wider than it was made.
/// Text after the canvas (`tail`) is free-form, already styled, and the caller's to fit.
struct PaintedLine {
    private struct Cell: Equatable {
        /// Empty in the second column of a wide character.
        var text: String
        var paint: Paint
    }

    private var cells: [Cell]
    /// Styled text printed after the last column.
    var tail = ""

    var width: Int { cells.count }

    init(width: Int) {
        cells = Array(repeating: Cell(text: " ", paint: .plain), count: max(0, width))
    }

    /// Puts a one-column character at `column`; a column outside the line is ignored.
    mutating func put(_ character: Character, at column: Int, _ paint: Paint) {
        guard cells.indices.contains(column) else { return }
        clear(column)
        cells[column] = Cell(text: String(character), paint: paint)
    }

    /// Writes `text` from `column` on, cut with `ellipsis` to at most `limit` columns and to the
    /// line's end.
    ///
    /// `text` should have been through `DiagramText.clean`, so it cannot restyle the terminal or
    /// break the line.
    mutating func write(_ text: String, at column: Int, _ paint: Paint, limit: Int = .max, ellipsis: String = "…") {
        guard column >= 0, column < cells.count else { return }
        let room = min(limit, cells.count - column)
        var position = column
        for character in truncate(text, width: room, ellipsis: ellipsis) {
            let columns = character.terminalWidth
            if columns == 0 {
                // A combining mark (after truncation only possible after a visible character)
                // joins the character before it.
                if position > column {
                    cells[position - 1].text.append(character)
                }
                continue
            }
            guard position + columns <= column + room else { break }
            clear(position)
            cells[position] = Cell(text: String(character), paint: paint)
            if columns == 2 {
                clear(position + 1)
                cells[position + 1] = Cell(text: "", paint: paint)
            }
            position += columns
        }
    }

    /// The line with styles applied; trailing blank columns are dropped when there is no tail.
    func rendered(style: TerminalStyle) -> String {
        var used = cells[...]
        if tail.isEmpty {
            while let last = used.last, last.text == " " {
                used.removeLast()
            }
        }
        var result = ""
        var run = ""
        var runPaint = Paint.plain
        for cell in used {
            if cell.paint != runPaint, !run.isEmpty {
                result += runPaint.apply(run, style: style)
                run = ""
            }
            runPaint = cell.paint
            run += cell.text
        }
        result += runPaint.apply(run, style: style)
        return result + tail
    }

    /// Blanks the other half of a wide character that `column` is part of.
    private mutating func clear(_ column: Int) {
        if cells[column].text.isEmpty, column > 0 {
            cells[column - 1] = Cell(text: " ", paint: .plain)
        } else if column + 1 < cells.count, cells[column + 1].text.isEmpty {
            cells[column + 1] = Cell(text: " ", paint: .plain)
        }
    }
}
