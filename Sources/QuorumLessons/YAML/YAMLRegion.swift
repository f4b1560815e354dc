import Yams

/// YAML embedded in a file (front matter, a fenced block, or a whole `.yaml` file), with what it
/// takes to turn Yams' positions back into the file's own lines and columns.
struct YAMLRegion {
    let source: SourceText
    /// The file line that is YAML line 1.
    let firstLine: Int
    /// The YAML lines as handed to Yams: fence indentation removed, odd line breaks blanked.
    let lines: [[Unicode.Scalar]]
    /// Columns removed from the start of each YAML line (the fence's indentation).
    let removed: [Int]

    /// The YAML made of file lines `range` (1-based), each with up to `indent` leading spaces
    /// removed, as CommonMark does for the content of an indented fence.
    init(source: SourceText, lines range: Range<Int>, indent: Int = 0) {
        self.source = source
        firstLine = range.lowerBound
        var lines: [[Unicode.Scalar]] = []
        var removed: [Int] = []
        for number in range {
            var scalars = Array((source.line(number) ?? "").unicodeScalars)
            let cut = scalars.prefix(indent).prefix { $0 == " " }.count
            scalars.removeFirst(cut)
            // libyaml also breaks lines at a lone CR, NEL, LS and PS; blanking them keeps its line
            // numbers in step with the file's.
            lines.append(scalars.map { Self.lineBreaks.contains($0) ? " " : $0 })
            removed.append(cut)
        }
        self.lines = lines
        self.removed = removed
    }

    private static let lineBreaks: Set<Unicode.Scalar> = ["\r", "\u{85}", "\u{2028}", "\u{2029}"]

    var text: String {
        // Encoded straight to UTF-8 bytes: joining the scalar arrays lazily, or appending them
        // to a String one by one, went through generic code for every scalar and was most of
        // the course's start-up time.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for (index, line) in lines.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\n")) }
            for scalar in line { UTF8.encode(scalar) { bytes.append($0) } }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The file span of YAML position `line`:`column` (1-based, columns in scalars), clamped
    /// into the region so a position past the end still points at real text.
    func span(line: Int, column: Int, length: Int = 1) -> SourceSpan {
        // Past the end (an unclosed bracket, say): the line after the region, which closes it.
        if line > lines.count, source.line(firstLine + lines.count) != nil {
            return source.span(line: firstLine + lines.count, column: 1, length: length)
        }
        guard !lines.isEmpty else { return source.span(line: firstLine, column: 1, length: length) }
        let index = min(max(line - 1, 0), lines.count - 1)
        let column = min(max(column, 1), lines[index].count + 1)
        return source.span(line: firstLine + index, column: column + removed[index], length: length)
    }

    /// Where `node` starts, with the caret run covering its text on that line.
    func span(of node: Node) -> SourceSpan {
        guard let mark = node.mark else { return span(line: 1, column: 1) }
        let index = min(max(mark.line - 1, 0), max(lines.count - 1, 0))
        let line = lines.indices.contains(index) ? lines[index] : []
        let start = min(max(mark.column - 1, 0), line.count)
        return span(line: mark.line, column: mark.column, length: Self.length(of: node, in: line, from: start))
    }

    /// How many scalars of `line`, from `start`, spell `node`: a scalar's text with its quotes,
    /// a flow collection to its closing bracket; 1 when the node runs past the line.
    static func length(of node: Node, in line: [Unicode.Scalar], from start: Int) -> Int {
        let rest = line[start...]
        guard let first = rest.first else { return 1 }
        switch node {
        case .scalar(let scalar):
            switch scalar.style {
            case .singleQuoted, .doubleQuoted:
                return closingQuote(in: rest).map { $0 - start + 1 } ?? rest.count
            case .literal, .folded:
                return 1
            case .any, .plain:
                let firstLine = scalar.string.unicodeScalars.prefix { $0 != "\n" }.count
                return max(1, min(firstLine, rest.count))
            }
        case .mapping, .sequence, .alias:
            guard first == "[" || first == "{" else { return 1 }
            return closingBracket(in: rest).map { $0 - start + 1 } ?? 1
        }
    }

    /// The index of the quote that closes the one at `text.startIndex`.
    private static func closingQuote(in text: ArraySlice<Unicode.Scalar>) -> Int? {
        guard let quote = text.first else { return nil }
        var index = text.startIndex + 1
        while index < text.endIndex {
            let scalar = text[index]
            if quote == "\"", scalar == "\\" {
                index += 2
                continue
            }
            if scalar == quote {
                // In single quotes, '' is an escaped quote.
                if quote == "'", index + 1 < text.endIndex, text[index + 1] == "'" {
                    index += 2
                    continue
                }
                return index
            }
            index += 1
        }
        return nil
    }

    /// The index of the bracket that closes the one at `text.startIndex`, skipping quoted text.
    private static func closingBracket(in text: ArraySlice<Unicode.Scalar>) -> Int? {
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "[", "{": depth += 1
            case "]", "}":
                depth -= 1
                if depth == 0 { return index }
            case "\"", "'":
                guard let close = closingQuote(in: text[index...]) else { return nil }
                index = close
            case "#" where index > text.startIndex && text[index - 1] == " ":
                return nil
            default: break
            }
            index += 1
        }
        return nil
    }
}
