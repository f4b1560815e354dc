/// The few Markdown line shapes the lesson format cares about: fences and step headings.
enum MarkdownLine {
    /// An opening code fence: up to three spaces, then three or more backticks or tildes.
    struct Fence {
        var indent: Int
        var marker: Unicode.Scalar
        var count: Int
        /// The first word of the info string: `sim`, `quiz`, `swift`, or empty.
        var tag: String

        /// Whether `line` closes this fence: the same marker, at least as many, nothing after.
        func isClosed(by line: String) -> Bool {
            let scalars = Array(line.unicodeScalars)
            let indent = scalars.prefix { $0 == " " }.count
            guard indent <= 3 else { return false }
            let run = scalars[indent...].prefix { $0 == marker }.count
            guard run >= count else { return false }
            return scalars[(indent + run)...].allSatisfy { $0 == " " || $0 == "\t" }
        }
    }

    static func fence(_ line: String) -> Fence? {
        let scalars = Array(line.unicodeScalars)
        let indent = scalars.prefix { $0 == " " }.count
        guard indent <= 3, let marker = scalars.dropFirst(indent).first, marker == "`" || marker == "~" else {
            return nil
        }
        let count = scalars[indent...].prefix { $0 == marker }.count
        guard count >= 3 else { return nil }
        let info = scalars[(indent + count)...]
        // A backtick fence's info string cannot hold a backtick (that is inline code).
        if marker == "`", info.contains("`") { return nil }
        let words = String(String.UnicodeScalarView(info)).split(whereSeparator: { $0 == " " || $0 == "\t" })
        return Fence(indent: indent, marker: marker, count: count, tag: words.first.map(String.init) ?? "")
    }

    /// The title of a level-2 ATX heading (`## Title`, optional closing `##`), "" for a bare
    /// `##`, nil for any other line.
    static func stepTitle(_ line: String) -> String? {
        let scalars = Array(line.unicodeScalars)
        let indent = scalars.prefix { $0 == " " }.count
        guard indent <= 3, scalars.count >= indent + 2, scalars[indent] == "#", scalars[indent + 1] == "#" else {
            return nil
        }
        let rest = scalars[(indent + 2)...]
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = Array(rest)
        trimBlanks(&title)
        // A closing sequence is a run of # that is the whole title or follows a blank.
        let hashes = title.reversed().prefix { $0 == "#" }.count
        if hashes == title.count || [" ", "\t"].contains(title[title.count - hashes - 1]) {
            title.removeLast(hashes)
            trimBlanks(&title)
        }
        return String(String.UnicodeScalarView(title))
    }

    private static func trimBlanks(_ scalars: inout [Unicode.Scalar]) {
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
    }

    /// `lines` joined, without the blank lines at either end.
    static func trimmedText(_ lines: [String]) -> String {
        let isBlank: (String) -> Bool = { $0.allSatisfy { $0 == " " || $0 == "\t" } }
        guard let first = lines.firstIndex(where: { !isBlank($0) }), let last = lines.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return lines[first...last].joined(separator: "\n")
    }
}
