/// What became of one typed answer.
public enum GradeOutcome: Sendable, Equatable {
    /// `understood`: the learner's answer in canonical displayed form, e.g. "a, c", "0.667",
    /// "true", "c → a → b".
    case graded(correct: Bool, understood: String)
    /// What to type instead, e.g. "Type a letter from a to d." Not counted as an attempt.
    case unreadable(String)
}

/// Grades what the learner typed against the question as it was presented to them.
///
/// Letters and numbers name displayed positions, so after a shuffle the letter that shows the
/// right text is right, whatever its place in the lesson. Lenient about form (case, spacing,
/// separators, `B)`, `2/3`, `66.7%`), strict about content. Input that cannot be read as an
/// answer of the question's kind is `.unreadable` with what to type instead; nothing typed
/// ever traps.
///
/// `computedAnswer` is the metric value for predict questions (the shell runs the simulation);
/// it is ignored for other kinds.
public func grade(_ input: String, _ presentation: Presentation, computedAnswer: Double? = nil) -> GradeOutcome {
    let typed = String(Substring(input).trimmingWhitespace())
    switch presentation.question.answer {
    case .choice(let answer):
        return gradeChoice(typed, presentation, answer: answer)
    case .multi(let answer):
        return gradeMulti(typed, presentation, answer: answer)
    case .truefalse(let answer):
        return gradeTrueFalse(typed, answer: answer)
    case .numeric(let answer, let tolerance):
        return gradeNumber(typed, expected: answer, tolerance: tolerance ?? .relative(1e-9))
    case .text(let accepted):
        return gradeText(typed, accepted: accepted)
    case .order(let answer):
        return gradeOrder(typed, presentation, answer: answer)
    case .predict(_, let tolerance):
        guard let expected = computedAnswer, expected.isFinite else {
            return .unreadable("The simulation for this question could not be run.")
        }
        return gradeNumber(typed, expected: expected, tolerance: tolerance ?? .absolute(0), slack: 1e-9)
    }
}

private func gradeChoice(_ typed: String, _ presentation: Presentation, answer: Int) -> GradeOutcome {
    let count = presentation.question.options.count
    guard count > 0 else { return .unreadable("This question has no choices to pick from.") }
    let help = "Type \(letterRangeText(count))."
    guard !typed.isEmpty else { return .unreadable(help) }

    func picked(_ position: Int) -> GradeOutcome {
        .graded(correct: presentation.option(atPosition: position) == answer, understood: optionLabel(position))
    }

    // "b", "B)", "b.", "(b)", "2", "2)".
    var core = Substring(typed.lowercased())
    if core.first == "(" { core = core.dropFirst() }
    if let last = core.last, last == ")" || last == "." || last == ":" { core = core.dropLast() }
    core = core.trimmingWhitespace()
    let isLetters = !core.isEmpty && core.allSatisfy { $0.isASCII && $0.isLetter }
    let isDigits = !core.isEmpty && core.allSatisfy(\.isASCIIDigit)
    if isLetters, let position = labelPosition(core), position < count {
        return picked(position)
    }
    if isDigits {
        guard let number = Int(core), number >= 1, number <= count else {
            return .unreadable("Type \(numberRangeText(count)), or \(letterRangeText(count)).")
        }
        return picked(number - 1)
    }

    // The full text of a displayed choice.
    let phrase = normalizedPhrase(typed)
    if !phrase.isEmpty {
        let shown = presentation.displayedOptions
        let matches = shown.indices.filter { normalizedPhrase(shown[$0].text) == phrase }
        if matches.count == 1, let position = matches.first { return picked(position) }
        if matches.count > 1 { return .unreadable("More than one choice reads like that. \(help)") }
    }
    // "ac": every letter names a choice, so the learner picked several.
    let pickedSeveral = core.count > 1 && core.allSatisfy { labelPosition(String($0)).map { $0 < count } ?? false }
    if pickedSeveral {
        return .unreadable("Pick one choice: type \(letterRangeText(count)).")
    }
    return .unreadable(help)
}

private func gradeMulti(_ typed: String, _ presentation: Presentation, answer: [Int]) -> GradeOutcome {
    let count = presentation.question.options.count
    guard count > 0 else { return .unreadable("This question has no choices to pick from.") }
    let help =
        count == 1
        ? "Type a, or none."
        : "Type the letters of the right choices, from a to \(optionLabel(count - 1)), in any order (like a, \(optionLabel(min(2, count - 1))))."
    let expected = Set(answer)
    if normalizedPhrase(typed) == "none" {
        return .graded(correct: expected.isEmpty, understood: "none")
    }
    switch readLabelList(typed, count: count) {
    case .empty, .unreadable:
        return .unreadable(help)
    case .outOfRange(let token):
        return .unreadable("There is no choice \(token). \(help)")
    case .positions(let positions):
        let chosen = Set(positions)
        let understood = chosen.sorted().map(optionLabel).joined(separator: ", ")
        let originals = Set(chosen.compactMap(presentation.option(atPosition:)))
        return .graded(correct: originals == expected, understood: understood)
    }
}

private func gradeTrueFalse(_ typed: String, answer: Bool) -> GradeOutcome {
    let given: Bool
    switch normalizedPhrase(typed) {
    case "t", "true", "y", "yes": given = true
    case "f", "false", "n", "no": given = false
    default: return .unreadable("Type true or false (or t/f, yes/no).")
    }
    return .graded(correct: given == answer, understood: given ? "true" : "false")
}

/// Numeric and predict answers. `slack` is an absolute allowance on top of the tolerance, for
/// results computed in floating point.
private func gradeNumber(_ typed: String, expected: Double, tolerance: Tolerance, slack: Double = 0) -> GradeOutcome {
    guard let given = NumberReading.parse(typed) else {
        return .unreadable("Type a number, like 0.5, 2/3 or 50%.")
    }
    let correct = tolerance.accepts(given, expected: expected) || abs(given - expected) <= slack
    return .graded(correct: correct, understood: formattedNumber(given))
}

private func gradeText(_ typed: String, accepted: [String]) -> GradeOutcome {
    let phrase = normalizedPhrase(typed)
    guard !phrase.isEmpty else { return .unreadable("Type a word or phrase.") }
    let correct = accepted.contains { normalizedPhrase($0) == phrase }
    return .graded(correct: correct, understood: phrase)
}

private func gradeOrder(_ typed: String, _ presentation: Presentation, answer: [Int]) -> GradeOutcome {
    let count = presentation.question.options.count
    guard count > 0 else { return .unreadable("This question has no items to put in order.") }
    let labels = (0..<count).map(optionLabel)
    let help =
        count == 1
        ? "Type a."
        : "Type each letter from a to \(labels[count - 1]) once, in your order (like \(labels.reversed().joined(separator: ", ")))."
    switch readLabelList(typed, count: count) {
    case .empty, .unreadable:
        return .unreadable(help)
    case .outOfRange(let token):
        return .unreadable("There is no item \(token). \(help)")
    case .positions(let positions):
        var seen = Set<Int>()
        let repeated = positions.filter { !seen.insert($0).inserted }
        if let first = repeated.first {
            return .unreadable("You typed \(labels[first]) more than once. \(help)")
        }
        let missing = (0..<count).filter { !seen.contains($0) }.map { labels[$0] }
        if !missing.isEmpty {
            return .unreadable("You left out \(listText(missing)). \(help)")
        }
        let originals = positions.compactMap(presentation.option(atPosition:))
        return .graded(
            correct: originals == answer,
            understood: positions.map { labels[$0] }.joined(separator: " → ")
        )
    }
}

/// "a", "a and b", "a, b and c".
private func listText(_ items: [String]) -> String {
    guard let last = items.last, items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + last
}
