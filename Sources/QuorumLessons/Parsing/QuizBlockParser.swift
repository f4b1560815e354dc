import QuorumModels
import QuorumQuiz
import Yams

/// A ```` ```quiz ```` block: a question, its kind, and the kind's answer fields.
enum QuizBlockParser {
    struct Result {
        /// Nil when the block has any error.
        var question: Question?
        /// The id as written, even when the rest is broken, to check ids are unique.
        var id: SpannedText?
        /// A predict question's simulation.
        var simulation: SimulationUse?
    }

    static let allowed = [
        "id", "kind", "prompt", "choices", "items", "answer", "tolerance", "hint", "explain", "sim", "metric",
    ]
    private static let common: Set<String> = ["id", "kind", "prompt", "hint", "explain"]
    /// The fields each kind reads besides the common ones.
    private static let fieldsOfKind: [QuestionKind: Set<String>] = [
        .choice: ["choices", "answer"], .multi: ["choices", "answer"], .truefalse: ["answer"],
        .numeric: ["answer", "tolerance"], .text: ["answer"], .order: ["items", "answer"],
        .predict: ["sim", "metric", "tolerance"],
    ]
    private static let kindNames = QuestionKind.allCases.map(\.rawValue)

    static func parse(_ node: Node, region: YAMLRegion, fenceSpan: SourceSpan, log: inout DiagnosticLog) -> Result {
        guard
            let fields = YAMLFields.mapping(
                node, region: region, what: "quiz block", allowed: allowed, missingSpan: fenceSpan,
                example: "'id: my-question', 'kind: choice' and 'prompt: ...'", log: &log)
        else { return Result() }
        let reported = log.diagnostics.count
        var result = Result()

        let id = fields.text("id", required: true, log: &log)
        if let id, let span = fields.valueSpan("id") {
            result.id = SpannedText(text: id, span: span)
            if !isKebabCase(id) {
                log.error(
                    "question id '\(id)' must be kebab-case (lowercase letters, digits and dashes), like '\(kebabCased(id))'",
                    at: span)
            }
        }
        let kind = self.kind(fields, log: &log)
        let prompt = fields.text("prompt", required: true, log: &log)
        let hint = fields.text("hint", log: &log)
        let explain = fields.text("explain", log: &log)
        guard let kind else { return result }

        for key in fields.keys where !common.contains(key) && fieldsOfKind[kind]?.contains(key) != true {
            let why = kind == .predict && key == "answer" ? " (its simulation computes the answer)" : ""
            if let span = fields.keySpan(key) {
                log.warning("'\(key)' is not used by a \(kind.rawValue) question\(why)", at: span)
            }
        }
        var reader = AnswerReader(fields: fields, kind: kind, blockSpan: fenceSpan)
        let answer = reader.read(log: &log)
        result.simulation = reader.simulation
        guard let id, let prompt, let answer, !log.diagnostics[reported...].hasErrors
        else { return result }
        result.question = Question(
            id: id, prompt: prompt, options: reader.options, answer: answer, hint: hint, explain: explain)
        return result
    }

    private static func kind(_ fields: YAMLFields, log: inout DiagnosticLog) -> QuestionKind? {
        guard let text = fields.text("kind", log: &log) else {
            if !fields.contains("kind") {
                log.error(
                    "missing required field 'kind' in quiz block (one of \(kindNames.joined(separator: ", ")))",
                    at: fields.missingSpan)
            }
            return nil
        }
        guard let kind = QuestionKind(rawValue: text) else {
            log.error(
                "unknown question kind '\(text)'" + didYouMean(text, in: kindNames)
                    + " (kinds: \(kindNames.joined(separator: ", ")))",
                at: fields.valueSpan("kind") ?? fields.missingSpan)
            return nil
        }
        return kind
    }
}
