/// What a learner typed when asked for several labels (multi and order questions).
enum LabelListReading: Equatable {
    /// Displayed positions in the order typed, duplicates kept.
    case positions([Int])
    /// Nothing that names a label.
    case empty
    /// A letter or number that names no displayed option, as typed.
    case outOfRange(String)
    /// Letters mixed with numbers, or characters that are neither labels nor separators.
    case unreadable
}

/// Reads labels from text such as `a,c`, `c a`, `ac`, `A; C`, `c → a → b` or `1, 3`.
///
/// Every character that is not an ASCII letter or digit separates (other letters and digits,
/// such as `é` or `٣`, make the text unreadable rather than being skipped silently). A run of
/// letters is one label when it names one (`aa` past 26 options), else one label per letter,
/// so `ac` is `a, c`. The word "and" is a separator. Numbers are 1-based positions and may not
/// be mixed with letters.
func readLabelList(_ text: String, count: Int) -> LabelListReading {
    var letterRuns: [String] = []
    var numberRuns: [String] = []
    var run = ""
    var runIsLetters = true
    func endRun() {
        if !run.isEmpty {
            if runIsLetters { letterRuns.append(run) } else { numberRuns.append(run) }
        }
        run = ""
    }
    for character in text.lowercased() {
        let isLetter = character.isASCII && character.isLetter
        let isDigit = character.isASCIIDigit
        if isLetter || isDigit {
            if !run.isEmpty && runIsLetters != isLetter { endRun() }
            runIsLetters = isLetter
            run.append(character)
        } else if character.isLetter || character.isNumber {
            return .unreadable
        } else {
            endRun()
        }
    }
    endRun()

    let andIsLabel = labelPosition("and").map { $0 < count } ?? false
    if !andIsLabel { letterRuns.removeAll { $0 == "and" } }
    if !letterRuns.isEmpty && !numberRuns.isEmpty { return .unreadable }

    var positions: [Int] = []
    for number in numberRuns {
        guard let value = Int(number), value >= 1, value <= count else { return .outOfRange(number) }
        positions.append(value - 1)
    }
    for letters in letterRuns {
        if let position = labelPosition(letters), position < count {
            positions.append(position)
            continue
        }
        for letter in letters {
            guard let position = labelPosition(String(letter)), position < count else {
                return .outOfRange(String(letter))
            }
            positions.append(position)
        }
    }
    return positions.isEmpty ? .empty : .positions(positions)
}

/// "a letter from a to d", or "the letter a" when there is one option.
func letterRangeText(_ count: Int) -> String {
    count <= 1 ? "the letter a" : "a letter from a to \(optionLabel(count - 1))"
}

/// "a number from 1 to 4", or "the number 1" when there is one option.
func numberRangeText(_ count: Int) -> String {
    count <= 1 ? "the number 1" : "a number from 1 to \(count)"
}
