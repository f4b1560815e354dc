/// Renders the inline Markdown of one block (a paragraph, a heading, a table cell) to styled text.
///
/// Handles backslash escapes, code spans (no Markdown inside), emphasis and strong emphasis,
/// links and images as `text (url)` with the URL dimmed, autolinks `<https://...>`, and hard
/// breaks (kept as `"\n"`). Anything that does not parse is shown as written.
struct MarkdownInlineRenderer {
    /// Link text is rendered recursively; deeper than this it is shown as written.
    static let maximumDepth = 8
    /// Link destinations and titles are looked for this far at most, which keeps malformed input
    /// like thousands of `[a](` from taking quadratic time.
    static let maximumDestinationLength = 2048

    let style: TerminalStyle
    var depth = 0

    func render(_ text: String) -> String {
        var scanner = InlineScanner(characters: Array(text), renderer: self)
        return scanner.run()
    }

    /// A link as a terminal can show it: the text, then the URL in parentheses. A link whose text
    /// is its URL shows the URL once.
    func link(text: String, destination: String) -> String {
        let url = style.dim(destination)
        if destination.isEmpty {
            return text
        }
        let plainText = ANSIEscapes.strip(text)
        if plainText.isEmpty || plainText == destination {
            return url
        }
        return text + " (" + url + ")"
    }

    /// Code in colour when there is colour; otherwise the backticks stay, so it still reads as code.
    func codeSpan(_ content: String) -> String {
        style.colorEnabled ? style.code(content) : "`" + content + "`"
    }
}

private struct InlineScanner {
    let characters: [Character]
    let renderer: MarkdownInlineRenderer
    private var nodes: [InlineNode] = []
    private var pending = ""
    private var index = 0
    /// For a backtick run length, a position after which no run of that length closes a span.
    private var noCloserAfter: [Int: Int] = [:]
    private var bracketMatches: [Int: Int]?

    init(characters: [Character], renderer: MarkdownInlineRenderer) {
        self.characters = characters
        self.renderer = renderer
    }

    mutating func run() -> String {
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "\\":
                escape()
            case "`":
                codeSpan()
            case "*", "_":
                delimiterRun(of: character)
            case "[" where link(openingAt: index):
                break
            case "!" where index + 1 < characters.count && characters[index + 1] == "[" && link(openingAt: index + 1):
                break
            case "<" where autolink():
                break
            default:
                pending.append(character)
                index += 1
            }
        }
        flush()
        return EmphasisResolver(style: renderer.style).resolve(nodes)
    }

    private mutating func flush() {
        if !pending.isEmpty {
            nodes.append(.text(pending))
            pending = ""
        }
    }

    private mutating func append(_ rendered: String) {
        flush()
        nodes.append(.text(rendered))
    }

    private mutating func escape() {
        let next = index + 1 < characters.count ? characters[index + 1] : nil
        if let next, next == "\n" || Self.isASCIIPunctuation(next) {
            pending.append(next)
            index += 2
        } else {
            pending.append("\\")
            index += 1
        }
    }

    private func runLength(at start: Int) -> Int {
        var end = start
        while end < characters.count, characters[end] == characters[start] {
            end += 1
        }
        return end - start
    }

    private mutating func codeSpan() {
        let length = runLength(at: index)
        guard let closer = codeSpanCloser(openingAt: index, length: length) else {
            pending += String(repeating: "`", count: length)
            index += length
            return
        }
        var content = String(characters[(index + length)..<closer]).replacing("\n", with: " ")
        if content.count >= 2, content.first == " ", content.last == " ", content.contains(where: { $0 != " " }) {
            content = String(content.dropFirst().dropLast())
        }
        append(renderer.codeSpan(content))
        index = closer + length
    }

    /// The start of the next backtick run exactly `length` long after the run at `start`.
    private mutating func codeSpanCloser(openingAt start: Int, length: Int) -> Int? {
        if let bound = noCloserAfter[length], bound <= start {
            return nil
        }
        var position = start + length
        while position < characters.count {
            guard characters[position] == "`" else {
                position += 1
                continue
            }
            let run = runLength(at: position)
            if run == length {
                return position
            }
            position += run
        }
        noCloserAfter[length] = min(noCloserAfter[length] ?? start, start)
        return nil
    }

    private mutating func delimiterRun(of character: Character) {
        let length = runLength(at: index)
        let before = index > 0 ? characters[index - 1] : nil
        let after = index + length < characters.count ? characters[index + length] : nil
        flush()
        nodes.append(.delimiters(DelimiterRun(character: character, count: length, before: before, after: after)))
        index += length
    }

    /// `[text](destination "title")` with `[` at `open`; an image when `!` comes before it.
    private mutating func link(openingAt open: Int) -> Bool {
        guard let close = matchingBracket(open), close + 1 < characters.count, characters[close + 1] == "(",
            let (destination, end) = destination(from: close + 2)
        else { return false }
        let label = String(characters[(open + 1)..<close])
        let renderedLabel: String
        if renderer.depth < MarkdownInlineRenderer.maximumDepth {
            var inner = renderer
            inner.depth += 1
            renderedLabel = inner.render(label)
        } else {
            renderedLabel = label
        }
        append(renderer.link(text: renderedLabel, destination: destination))
        index = end
        return true
    }

    /// The destination of an inline link starting at `start` (after its `(`), and the position
    /// after its `)`. The title, if any, is dropped: a terminal has nowhere to show it.
    private func destination(from start: Int) -> (String, Int)? {
        let limit = min(characters.count, start + MarkdownInlineRenderer.maximumDestinationLength)
        var position = skipSpaces(from: start, limit: limit)
        var destination = ""
        if position < limit, characters[position] == "<" {
            position += 1
            while position < limit, characters[position] != ">", characters[position] != "\n" {
                destination.append(characters[position])
                position += 1
            }
            guard position < limit, characters[position] == ">" else { return nil }
            position += 1
        } else {
            var parentheses = 0
            while position < limit {
                let character = characters[position]
                if character == "\\", position + 1 < limit, Self.isASCIIPunctuation(characters[position + 1]) {
                    destination.append(characters[position + 1])
                    position += 2
                    continue
                }
                if character == " " || character == "\n" || (character == ")" && parentheses == 0) {
                    break
                }
                parentheses += character == "(" ? 1 : character == ")" ? -1 : 0
                destination.append(character)
                position += 1
            }
        }
        position = skipSpaces(from: position, limit: limit)
        if position < limit, let closing = Self.titleClosing[characters[position]] {
            position += 1
            while position < limit, characters[position] != closing {
                position += characters[position] == "\\" ? 2 : 1
            }
            guard position < limit else { return nil }
            position = skipSpaces(from: position + 1, limit: limit)
        }
        guard position < limit, characters[position] == ")" else { return nil }
        return (destination, position + 1)
    }

    private static let titleClosing: [Character: Character] = ["\"": "\"", "'": "'", "(": ")"]

    private func skipSpaces(from start: Int, limit: Int) -> Int {
        var position = start
        while position < limit, characters[position] == " " || characters[position] == "\n" {
            position += 1
        }
        return position
    }

    private mutating func matchingBracket(_ open: Int) -> Int? {
        if bracketMatches == nil {
            bracketMatches = computeBracketMatches()
        }
        return bracketMatches?[open]
    }

    /// Pairs every `[` with its `]` in one pass, skipping escaped brackets and code spans.
    private mutating func computeBracketMatches() -> [Int: Int] {
        var matches: [Int: Int] = [:]
        var open: [Int] = []
        var position = 0
        while position < characters.count {
            switch characters[position] {
            case "\\":
                position += 2
            case "`":
                let length = runLength(at: position)
                position = (codeSpanCloser(openingAt: position, length: length) ?? position) + length
            case "[":
                open.append(position)
                position += 1
            case "]":
                if let start = open.popLast() {
                    matches[start] = position
                }
                position += 1
            default:
                position += 1
            }
        }
        return matches
    }

    /// `<scheme:...>` or `<name@host>`, shown as the address alone.
    private mutating func autolink() -> Bool {
        let limit = min(characters.count, index + MarkdownInlineRenderer.maximumDestinationLength)
        var position = index + 1
        var address = ""
        while position < limit, characters[position] != ">" {
            let character = characters[position]
            if character == "<" || character == " " || character == "\n" {
                return false
            }
            address.append(character)
            position += 1
        }
        guard position < limit, Self.isURI(address) || Self.isEmail(address) else { return false }
        append(renderer.style.dim(address))
        index = position + 1
        return true
    }

    private static func isURI(_ text: String) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let scheme = text[..<colon]
        guard (2...32).contains(scheme.count), let first = scheme.first, first.isASCII, first.isLetter else {
            return false
        }
        return scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }
    }

    private static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty } && parts[1].contains(".")
    }

    private static func isASCIIPunctuation(_ character: Character) -> Bool {
        character.isASCII && (character.isPunctuation || character.isSymbol)
    }
}
