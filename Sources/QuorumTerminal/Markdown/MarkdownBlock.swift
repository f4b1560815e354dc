/// A block of a Markdown document: the unit the renderer lays out and separates by blank lines.
///
/// Inline content (`text`, cells, paragraphs) is kept as source and rendered late, because how it
/// looks depends on the style. In paragraph text, soft line breaks are already spaces and hard
/// breaks are `"\n"`.
enum MarkdownBlock: Equatable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case list(MarkdownList)
    case quote([MarkdownBlock])
    case code(info: String, lines: [String])
    case table(MarkdownTable)
    case rule
}

struct MarkdownList: Equatable {
    enum Kind: Equatable {
        case bullet
        /// Numbered from `start`; `delimiter` is `.` or `)`, as written.
        case ordered(start: Int, delimiter: Character)
    }

    var kind: Kind
    var items: [[MarkdownBlock]]
    /// Items or their blocks were separated by blank lines in the source, so they are in the
    /// output too.
    var isLoose: Bool
}

struct MarkdownTable: Equatable {
    var headers: [String]
    var alignments: [TextTable.Alignment]
    /// Every row has exactly `headers.count` cells: extra cells are dropped, missing ones empty.
    var rows: [[String]]
}
