/// Inline content on its way to being rendered: finished text, or a run of `*` or `_` that may
/// still turn out to open or close emphasis.
enum InlineNode {
    case text(String)
    case delimiters(DelimiterRun)
}

struct DelimiterRun {
    var character: Character
    /// Delimiters not yet used by a match.
    var count: Int
    /// The run's length in the source; the "rule of three" looks at this.
    var originalCount: Int
    var canOpen: Bool
    var canClose: Bool

    /// A run of `count` `character`s between `before` and `after` (nil at the start or end of the
    /// text), classified by CommonMark's flanking rules: `_` may not open or close inside a word,
    /// so `snake_case_name` stays as written, while `*` may.
    init(character: Character, count: Int, before: Character?, after: Character?) {
        self.character = character
        self.count = count
        self.originalCount = count
        let whitespaceBefore = before.map(\.isWhitespace) ?? true
        let whitespaceAfter = after.map(\.isWhitespace) ?? true
        let punctuationBefore = before.map(Self.isPunctuation) ?? false
        let punctuationAfter = after.map(Self.isPunctuation) ?? false
        let leftFlanking = !whitespaceAfter && (!punctuationAfter || whitespaceBefore || punctuationBefore)
        let rightFlanking = !whitespaceBefore && (!punctuationBefore || whitespaceAfter || punctuationAfter)
        if character == "_" {
            canOpen = leftFlanking && (!rightFlanking || punctuationBefore)
            canClose = rightFlanking && (!leftFlanking || punctuationAfter)
        } else {
            canOpen = leftFlanking
            canClose = rightFlanking
        }
    }

    var literal: String { String(repeating: character, count: count) }

    private static func isPunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol
    }
}

/// Matches delimiter runs into emphasis (`*x*`, `_x_`) and strong emphasis (`**x**`, `__x__`)
/// following CommonMark's "process emphasis" procedure; unmatched delimiters stay literal text,
/// so unbalanced markup renders as written.
struct EmphasisResolver {
    let style: TerminalStyle

    /// Where the search for an opener may stop, per kind of closer; the procedure's
    /// `openers_bottom`, which keeps it linear on runs of unmatched delimiters.
    private struct BottomKey: Hashable {
        var character: Character
        var closerCanOpen: Bool
        var lengthModuloThree: Int
    }

    func resolve(_ input: [InlineNode]) -> String {
        var nodes = input
        var bottoms: [BottomKey: Int] = [:]
        var index = 0
        while index < nodes.count {
            guard case .delimiters(var closer) = nodes[index], closer.canClose, closer.count > 0 else {
                index += 1
                continue
            }
            let key = BottomKey(
                character: closer.character, closerCanOpen: closer.canOpen,
                lengthModuloThree: closer.originalCount % 3)
            guard let openerIndex = opener(for: closer, before: index, in: nodes, bottom: bottoms[key] ?? -1),
                case .delimiters(var opener) = nodes[openerIndex]
            else {
                bottoms[key] = index - 1
                index += 1
                continue
            }
            let used = opener.count >= 2 && closer.count >= 2 ? 2 : 1
            opener.count -= used
            closer.count -= used
            let inner = Self.literal(nodes[(openerIndex + 1)..<index])
            var replacement: [InlineNode] = []
            if opener.count > 0 {
                replacement.append(.delimiters(opener))
            }
            replacement.append(.text(used == 2 ? style.bold(inner) : style.italic(inner)))
            let resumeAt = openerIndex + replacement.count
            if closer.count > 0 {
                replacement.append(.delimiters(closer))
            }
            nodes.replaceSubrange(openerIndex...index, with: replacement)
            for (kind, bottom) in bottoms where bottom >= openerIndex {
                bottoms[kind] = openerIndex - 1
            }
            // A closer with delimiters left may close another opener; otherwise go on after it.
            index = resumeAt
        }
        return Self.literal(nodes[...])
    }

    private func opener(for closer: DelimiterRun, before index: Int, in nodes: [InlineNode], bottom: Int) -> Int? {
        var candidate = index - 1
        while candidate > bottom {
            if case .delimiters(let opener) = nodes[candidate], opener.character == closer.character,
                opener.canOpen, opener.count > 0
            {
                // The rule of three: in `*foo**bar*`, `**` does not close the first `*`.
                let bothWays = opener.canClose || closer.canOpen
                let sum = opener.originalCount + closer.originalCount
                let bothMultiplesOfThree = opener.originalCount % 3 == 0 && closer.originalCount % 3 == 0
                if !(bothWays && sum % 3 == 0 && !bothMultiplesOfThree) {
                    return candidate
                }
            }
            candidate -= 1
        }
        return nil
    }

    private static func literal(_ nodes: ArraySlice<InlineNode>) -> String {
        var text = ""
        for node in nodes {
            switch node {
            case .text(let content): text += content
            case .delimiters(let run): text += run.literal
            }
        }
        return text
    }
}
