import Yams

/// Reads `glossary.yaml`: terms in teaching order, each with a definition and the lessons that
/// teach it.
///
/// ```yaml
/// quorum:
///   definition: A set of nodes large enough that any two such sets overlap.
///   lessons: [replication, cap]
/// ```
public enum GlossaryParser {
    /// The entries that could be read, and every problem found. Whether each lesson exists is
    /// the loader's check.
    public static func parse(_ text: String, file: String) -> (entries: [GlossaryEntry], diagnostics: [Diagnostic]) {
        let parsed = analyze(text, file: file)
        return (parsed.entries.map(\.entry), parsed.log.diagnostics)
    }

    struct Parsed {
        var entries: [(entry: GlossaryEntry, lessonSpans: [SourceSpan])] = []
        var log: DiagnosticLog
    }

    static func analyze(_ text: String, file: String) -> Parsed {
        let source = SourceText(text, file: file)
        var parsed = Parsed(log: DiagnosticLog(source: source))
        let region = YAMLRegion(source: source, lines: 1..<(source.lines.count + 1))
        guard let node = region.compose("glossary", into: &parsed.log), !node.isNull else { return parsed }
        guard case .mapping(let mapping) = node else {
            parsed.log.error(
                "glossary.yaml must map each term to its definition and lessons, like 'quorum: {definition: ..., lessons: [cap]}'; found \(node.kindDescription)",
                at: region.span(of: node))
            return parsed
        }
        for (key, value) in mapping {
            let keySpan = region.span(of: key)
            guard let term = key.text else {
                parsed.log.error("a glossary term must be text, not \(key.kindDescription)", at: keySpan)
                continue
            }
            guard
                let fields = YAMLFields.mapping(
                    value, region: region, what: "glossary entry '\(term)'", allowed: ["definition", "lessons"],
                    missingSpan: keySpan, example: "{definition: ..., lessons: [cap]}", log: &parsed.log)
            else { continue }
            let definition = fields.text("definition", required: true, log: &parsed.log)
            let lessons = fields.textList("lessons", log: &parsed.log) ?? []
            if let definition {
                parsed.entries.append(
                    (
                        GlossaryEntry(term: term, definition: definition, lessons: lessons.map(\.text)),
                        lessons.map(\.span)
                    ))
            }
        }
        return parsed
    }
}
