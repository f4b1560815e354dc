@testable import QuorumTerminal

/// Every visible, non-space character of `lines` with the graphic rendition it is drawn in,
/// each line read from the default state as a terminal printing it alone would.
///
/// Comparing this for a text and its wrapped lines shows that wrapping lost, reordered or
/// restyled nothing.
func styledCharacters(_ lines: [String]) -> [StyledCharacter] {
    var result: [StyledCharacter] = []
    for line in lines {
        var state = SGRState()
        for token in ANSIEscapes.tokens(line) {
            switch token {
            case .escape(let sequence):
                state.apply(sequence)
            case .text(let run):
                for character in run where !character.isWhitespace {
                    result.append(StyledCharacter(character: character, state: state))
                }
            }
        }
    }
    return result
}

struct StyledCharacter: Equatable, CustomStringConvertible {
    var character: Character
    var state: SGRState

    var description: String { "\(character)\(state.openingSequence.replacing("\u{1B}", with: "⎋"))" }
}

/// The graphic rendition a terminal is left in after printing `line` from the default state.
func stateAfter(_ line: String) -> SGRState {
    var state = SGRState()
    for case .escape(let sequence) in ANSIEscapes.tokens(line) {
        state.apply(sequence)
    }
    return state
}
