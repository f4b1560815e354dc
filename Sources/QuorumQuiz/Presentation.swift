/// One attempt's view of a question: its options in the order the learner sees them.
///
/// Choices are shuffled per attempt, so a remembered letter is not a remembered answer. The
/// learner only ever sees and types displayed labels ("a", "b", ...); grading maps them back
/// to the lesson's own 0-based indices through `order`.
public struct Presentation: Sendable, Equatable {
    public var question: Question
    /// Displayed position `i` shows `question.options[order[i]]`.
    ///
    /// An `order` that is not a permutation of the option indices is ignored (the options are
    /// shown in the lesson's order), so a damaged value can never crash grading.
    public var order: [Int]

    /// A presentation with the given order; `nil` shows the options in the lesson's order.
    public init(question: Question, order: [Int]? = nil) {
        self.question = question
        self.order = order ?? Array(question.options.indices)
    }

    /// The options as shown, each with its label: `a`, `b`, ... `z`, then `aa`, `ab`, ...
    public var displayedOptions: [(label: String, text: String)] {
        displayedOrder.enumerated().map { position, original in
            (label: optionLabel(position), text: question.options[original])
        }
    }

    /// The label the learner sees on the lesson's option `original` (0-based), or "?" when
    /// there is no such option.
    public func label(forOption original: Int) -> String {
        guard let position = displayedOrder.firstIndex(of: original) else { return "?" }
        return optionLabel(position)
    }

    /// `order` when it is a permutation of the option indices, else the lesson's order.
    var displayedOrder: [Int] {
        order.sorted() == Array(question.options.indices) ? order : Array(question.options.indices)
    }

    /// The lesson's option index shown at a displayed position.
    func option(atPosition position: Int) -> Int? {
        let shown = displayedOrder
        return shown.indices.contains(position) ? shown[position] : nil
    }
}

/// Shuffles options for choice, multi and order questions (identity for others) using the
/// caller's seeded generator.
///
/// The shuffle is a Fisher-Yates shuffle over our own unbiased bounded draw rather than
/// `shuffled(using:)`, whose algorithm the standard library does not promise to keep: the same
/// seed must give the same order on every machine and every toolchain. Options of other kinds
/// draw nothing from the generator. An order question is never shown already solved: if the
/// shuffle happens to land on the right order, it is rotated by one.
public func present(_ question: Question, using generator: inout some RandomNumberGenerator) -> Presentation {
    var order = Array(question.options.indices)
    switch question.answer {
    case .choice, .multi:
        shuffle(&order, using: &generator)
    case .order(let answer):
        shuffle(&order, using: &generator)
        if order.count > 1, order == answer {
            order.append(order.removeFirst())
        }
    case .truefalse, .numeric, .text, .predict:
        break
    }
    return Presentation(question: question, order: order)
}

/// The label of displayed position `position`: bijective base 26, so `a`...`z`, `aa`, `ab`, ...
func optionLabel(_ position: Int) -> String {
    guard position >= 0 else { return "?" }
    var remaining = position + 1
    var letters: [Character] = []
    while remaining > 0 {
        remaining -= 1
        letters.append(letterCharacter(remaining % 26))
        remaining /= 26
    }
    return String(letters.reversed())
}

/// The displayed position a label names (the inverse of `optionLabel`), or nil if the text is
/// not made only of ASCII lowercase letters.
func labelPosition(_ label: some StringProtocol) -> Int? {
    // Seven letters already pass 26^6 positions; anything longer is no label.
    guard !label.isEmpty, label.count <= 6 else { return nil }
    var value = 0
    for character in label {
        guard let ascii = character.asciiValue, ascii >= 97, ascii <= 122 else { return nil }
        value = value * 26 + Int(ascii - 97) + 1
    }
    return value - 1
}

private func letterCharacter(_ offset: Int) -> Character {
    Character(Unicode.Scalar(UInt8(97 + offset)))
}

private func shuffle(_ items: inout [Int], using generator: inout some RandomNumberGenerator) {
    guard items.count > 1 else { return }
    for upper in stride(from: items.count - 1, to: 0, by: -1) {
        let pick = Int(uniform(below: UInt64(upper + 1), using: &generator))
        items.swapAt(upper, pick)
    }
}

/// A uniformly distributed integer in `0..<bound` (bound > 0), by rejecting the few raw draws
/// that would make `%` favour small values.
private func uniform(below bound: UInt64, using generator: inout some RandomNumberGenerator) -> UInt64 {
    let threshold = (0 &- bound) % bound
    while true {
        let draw = generator.next()
        if draw >= threshold { return draw % bound }
    }
}
