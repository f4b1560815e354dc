/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
///
/// Used for every "did you mean" in the shell: commands, lessons, models and parameters.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    let limit = max(1, min(3, lowered.count / 3 + 1))
    if let best, best.distance <= limit { return best.candidate }
    // A clear abbreviation ("les" for "lessons") is a likely meaning too.
    let extensions = candidates.filter { $0.lowercased().hasPrefix(lowered) }
    if lowered.count >= 2, extensions.count == 1 { return extensions.first }
    return nil
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previousPrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], previousPrevious[j - 2] + 1)
            }
        }
        (previousPrevious, previous, current) = (previous, current, previousPrevious)
    }
    return previous[b.count]
}
