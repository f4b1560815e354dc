/// The right answer as the learner should see it, in displayed labels.
///
/// choice `b) Refuses requests it cannot serve consistently`; multi `a, c` (or `none`); order
/// `c → a → b`; truefalse `true`; numeric and predict `0.667 (± 0.01)` or `0.667 (± 5%)`;
/// text the first accepted phrasing, `leader`. A predict question whose simulation could not
/// be run (`computedAnswer` nil) says so. An answer key that names no option shows `?` in its
/// place rather than trapping; the lesson linter reports such keys.
public func expectedAnswerText(_ presentation: Presentation, computedAnswer: Double? = nil) -> String {
    switch presentation.question.answer {
    case .choice(let answer):
        let options = presentation.question.options
        let text = options.indices.contains(answer) ? options[answer] : "?"
        return "\(presentation.label(forOption: answer))) \(text)"
    case .multi(let answer):
        guard !answer.isEmpty else { return "none" }
        return Set(answer).map(presentation.label(forOption:))
            .sorted { (labelPosition($0) ?? .max, $0) < (labelPosition($1) ?? .max, $1) }
            .joined(separator: ", ")
    case .order(let answer):
        return answer.map(presentation.label(forOption:)).joined(separator: " → ")
    case .truefalse(let answer):
        return answer ? "true" : "false"
    case .numeric(let answer, let tolerance):
        return numberWithTolerance(answer, tolerance)
    case .text(let accepted):
        return accepted.first.map { String(Substring($0).trimmingWhitespace()) } ?? "?"
    case .predict(_, let tolerance):
        guard let computed = computedAnswer, computed.isFinite else {
            return "unknown (the simulation for this question could not be run)"
        }
        return numberWithTolerance(computed, tolerance)
    }
}

private func numberWithTolerance(_ value: Double, _ tolerance: Tolerance?) -> String {
    switch tolerance {
    case .absolute(let delta) where delta > 0:
        "\(formattedNumber(value)) (± \(formattedNumber(delta)))"
    case .relative(let fraction) where fraction > 0:
        "\(formattedNumber(value)) (± \(formattedNumber(fraction * 100))%)"
    default:
        formattedNumber(value)
    }
}
