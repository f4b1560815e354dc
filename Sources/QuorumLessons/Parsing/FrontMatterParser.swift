import Yams

/// The `---` block at the top of a lesson: id, title, summary, minutes, requires, tags.
enum FrontMatterParser {
    struct Fields {
        var id: String
        var title: String
        var summary: String
        var minutes: Int
        var requires: [SpannedText]
        var tags: [String]
    }

    struct Result {
        /// Nil unless both id and title could be read.
        var fields: Fields?
        /// The id as written, even when it is malformed, for course-wide checks.
        var id: SpannedText?
        /// The first line after the front matter.
        var bodyStart: Int
        /// Where to report a problem with the lesson as a whole: its title, else line 1.
        var headSpan: SourceSpan
    }

    static let allowed = ["id", "title", "summary", "minutes", "requires", "tags"]

    static func parse(_ source: SourceText, log: inout DiagnosticLog) -> Result {
        let opening = source.spanOfLine(1)
        let firstLine = (source.line(1) ?? "").trimmingBOM
        guard isDelimiter(firstLine, closing: false) else {
            log.error(
                "missing front matter: a lesson starts with a '---' line, then 'id:' and 'title:', then '---'",
                at: source.span(line: 1, column: 1))
            return Result(fields: nil, id: nil, bodyStart: 1, headSpan: source.span(line: 1, column: 1))
        }
        guard
            let closing = (2...max(2, source.lines.count)).first(where: {
                isDelimiter(source.line($0) ?? "", closing: true)
            })
        else {
            log.error("front matter is never closed: add a '---' line after its last field", at: opening)
            return Result(fields: nil, id: nil, bodyStart: source.lines.count + 1, headSpan: opening)
        }
        var result = Result(fields: nil, id: nil, bodyStart: closing + 1, headSpan: opening)
        let region = YAMLRegion(source: source, lines: 2..<closing)
        let reported = log.diagnostics.count
        guard let node = region.compose("front matter", into: &log) else {
            if log.diagnostics.count == reported {
                log.error("empty front matter: a lesson needs at least 'id:' and 'title:'", at: opening)
            }
            return result
        }
        guard
            let fields = YAMLFields.mapping(
                node, region: region, what: "front matter", allowed: allowed, missingSpan: opening,
                example: "'id: cap' and 'title: The CAP theorem'", log: &log)
        else { return result }

        if let titleSpan = fields.valueSpan("title") { result.headSpan = titleSpan }
        let id = fields.text("id", required: true, log: &log)
        if let id, let span = fields.valueSpan("id") {
            result.id = SpannedText(text: id, span: span)
            check(id: id, at: span, file: source.file, log: &log)
        }
        let title = fields.text("title", required: true, log: &log)
        let summary = fields.text("summary", log: &log) ?? ""
        let minutes = readMinutes(fields, log: &log)
        let requires = fields.textList("requires", log: &log) ?? []
        for entry in requires where !isKebabCase(entry.text) {
            log.error(
                "'\(entry.text)' is not a lesson id: ids are kebab-case, like '\(kebabCased(entry.text))'",
                at: entry.span)
        }
        let tags = fields.textList("tags", log: &log)?.map(\.text) ?? []
        if let id, let title {
            result.fields = Fields(
                id: id, title: title, summary: summary, minutes: minutes, requires: requires, tags: tags)
        }
        return result
    }

    /// `---` (or `...` to close), with nothing but blanks after it.
    private static func isDelimiter(_ line: String, closing: Bool) -> Bool {
        let trimmed = line.trimmingTrailingBlanks
        return trimmed == "---" || (closing && trimmed == "...")
    }

    private static func check(id: String, at span: SourceSpan, file: String, log: inout DiagnosticLog) {
        if !isKebabCase(id) {
            let suggestion = kebabCased(id)
            log.error(
                "lesson id '\(id)' must be kebab-case (lowercase letters, digits and dashes)"
                    + (suggestion.isEmpty ? "" : ", like '\(suggestion)'"), at: span)
        }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        if name.hasSuffix(".md") {
            let stem = String(name.dropLast(3))
            if stem != id {
                log.error(
                    "lesson id '\(id)' does not match its file name '\(name)': rename one so they agree", at: span)
            }
        }
    }

    private static func readMinutes(_ fields: YAMLFields, log: inout DiagnosticLog) -> Int {
        guard let node = fields.value("minutes"), let span = fields.valueSpan("minutes") else { return 0 }
        guard case .scalar(let scalar) = node, let minutes = scalar.integer, minutes >= 0 else {
            log.error("'minutes' must be a whole number of minutes, like 20; found \(node.kindDescription)", at: span)
            return 0
        }
        return minutes
    }
}

extension String {
    var trimmingBOM: String { hasPrefix("\u{FEFF}") ? String(unicodeScalars.dropFirst()) : self }

    var trimmingTrailingBlanks: String {
        var scalars = Substring(self).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
