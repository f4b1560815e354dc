import QuorumModels

/// Reads a lesson file: YAML front matter between `---` lines, the overview, then a step at each
/// `## ` heading, with ```` ```sim ```` and ```` ```quiz ```` blocks parsed into values.
///
/// It never stops at the first problem and never traps, whatever the bytes: every problem becomes
/// a diagnostic at its line and column.
public enum LessonParser {
    /// The lesson, or nil when the file has any error, and every problem found.
    ///
    /// This checks the file on its own; models and parameters need the registry, so use
    /// `parse(_:file:registry:)` or `CourseLoader` to check those too.
    public static func parse(_ text: String, file: String) -> (lesson: Lesson?, diagnostics: [Diagnostic]) {
        let parsed = analyze(text, file: file)
        let diagnostics = parsed.log.diagnostics.sorted(by: Diagnostic.inReadingOrder)
        return (diagnostics.hasErrors ? nil : parsed.lesson, diagnostics)
    }

    /// As `parse(_:file:)`, and also checks each simulation's model, parameters and predict metric
    /// against `registry` (without running anything).
    public static func parse(
        _ text: String, file: String, registry: ModelRegistry
    ) -> (lesson: Lesson?, diagnostics: [Diagnostic]) {
        var parsed = analyze(text, file: file)
        for use in parsed.simulations {
            SimulationCheck.check(use, registry: registry, log: &parsed.log)
        }
        let diagnostics = parsed.log.diagnostics.sorted(by: Diagnostic.inReadingOrder)
        return (diagnostics.hasErrors ? nil : parsed.lesson, diagnostics)
    }

    static func analyze(_ text: String, file: String) -> ParsedLesson {
        let source = SourceText(text, file: file)
        var log = DiagnosticLog(source: source)
        let front = FrontMatterParser.parse(source, log: &log)
        var body = BodyParser(source: source, log: log)
        body.parse(from: front.bodyStart)
        log = body.log

        let lesson: Lesson?
        if let fields = front.fields {
            if body.steps.isEmpty {
                log.error(
                    "lesson '\(fields.id)' has no steps: each step starts with a '## ' heading", at: front.headSpan)
            }
            lesson = Lesson(
                id: fields.id, title: fields.title, summary: fields.summary, minutes: fields.minutes,
                requires: fields.requires.map(\.text), tags: fields.tags, overview: body.overview, steps: body.steps,
                file: file)
        } else {
            lesson = nil
        }
        return ParsedLesson(
            source: source, lesson: lesson, id: front.id?.text, idSpan: front.id?.span, headSpan: front.headSpan,
            requires: front.fields?.requires ?? [], questionIDs: body.questionIDs, simulations: body.simulations,
            log: log)
    }
}
