import QuorumModels

/// " (did you mean 'x'?)" when `word` looks like a typo of one of `candidates`, else "".
func didYouMean(_ word: String, in candidates: [String]) -> String {
    closestMatch(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}

/// Whether `text` is kebab-case: lowercase letters and digits in words joined by single dashes.
func isKebabCase(_ text: String) -> Bool {
    let words = text.split(separator: "-", omittingEmptySubsequences: false)
    return !text.isEmpty
        && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        }
}

/// `text` made kebab-case, to suggest a fix: `Cap Theorem` becomes `cap-theorem`.
func kebabCased(_ text: String) -> String {
    var result = ""
    for scalar in text.lowercased().unicodeScalars {
        if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
            result.unicodeScalars.append(scalar)
        } else if !result.isEmpty, !result.hasSuffix("-") {
            result += "-"
        }
    }
    while result.hasSuffix("-") { result.removeLast() }
    return result
}
