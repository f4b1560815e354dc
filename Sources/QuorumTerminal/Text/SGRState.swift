/// The graphic rendition a terminal is in after a series of SGR (`ESC [ ... m`) sequences.
///
/// Wrapping uses it to end every line in the default state and to start the next line in the
/// state the previous one was in, so a line can be printed, cut or padded on its own.
struct SGRState: Equatable {
    var bold = false
    var dim = false
    var italic = false
    var underline = false
    var blink = false
    var inverse = false
    var hidden = false
    var strikethrough = false
    /// Colours are kept as the parameters that set them (`"31"`, `"38;5;208"`, `"38:2::1:2:3"`).
    var foreground: String?
    var background: String?
    var underlineColor: String?

    var isDefault: Bool { self == SGRState() }

    /// The shortest sequence that takes a terminal from the default state to this one; empty when
    /// this is the default state.
    var openingSequence: String {
        var parameters: [String] = []
        if bold { parameters.append("1") }
        if dim { parameters.append("2") }
        if italic { parameters.append("3") }
        if underline { parameters.append("4") }
        if blink { parameters.append("5") }
        if inverse { parameters.append("7") }
        if hidden { parameters.append("8") }
        if strikethrough { parameters.append("9") }
        if let foreground { parameters.append(foreground) }
        if let background { parameters.append(background) }
        if let underlineColor { parameters.append(underlineColor) }
        return parameters.isEmpty ? "" : "\u{1B}[" + parameters.joined(separator: ";") + "m"
    }

    /// Applies an escape sequence; sequences other than SGR leave the state alone.
    mutating func apply(_ sequence: String) {
        guard let parameters = ANSIEscapes.sgrParameters(sequence) else { return }
        let codes = parameters.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        var index = 0
        while index < codes.count {
            index += apply(code: codes[index], following: codes[(index + 1)...])
        }
    }

    /// Applies one parameter and returns how many parameters it used (extended colours take the
    /// ones after them).
    private mutating func apply(code: String, following: ArraySlice<String>) -> Int {
        if code.contains(":") {
            applySubparameterCode(code)
            return 1
        }
        let value = code.isEmpty ? 0 : Int(code) ?? -1
        switch value {
        case 0: self = SGRState()
        case 1: bold = true
        case 2: dim = true
        case 3: italic = true
        case 4, 21: underline = true
        case 5, 6: blink = true
        case 7: inverse = true
        case 8: hidden = true
        case 9: strikethrough = true
        case 22:
            bold = false
            dim = false
        case 23: italic = false
        case 24: underline = false
        case 25: blink = false
        case 27: inverse = false
        case 28: hidden = false
        case 29: strikethrough = false
        case 30...37, 90...97: foreground = code
        case 39: foreground = nil
        case 40...47, 100...107: background = code
        case 49: background = nil
        case 59: underlineColor = nil
        case 38, 48, 58:
            let (color, used) = Self.extendedColor(code: code, following: following)
            if let color {
                switch value {
                case 38: foreground = color
                case 48: background = color
                default: underlineColor = color
                }
            }
            return used
        default: break
        }
        return 1
    }

    /// `4:3` (curly underline), `38:5:208` and friends: the colon form carries its arguments inside
    /// one parameter.
    private mutating func applySubparameterCode(_ code: String) {
        let head = code.prefix { $0 != ":" }
        switch head {
        case "4": underline = !code.hasSuffix(":0")
        case "38": foreground = code
        case "48": background = code
        case "58": underlineColor = code
        default: break
        }
    }

    private static func extendedColor(code: String, following: ArraySlice<String>) -> (String?, Int) {
        guard let mode = following.first else { return (nil, 1) }
        let arguments = mode == "5" ? 1 : mode == "2" ? 3 : 0
        guard arguments > 0, following.count > arguments else { return (nil, 2) }
        let parts = [code] + following.prefix(arguments + 1)
        return (parts.joined(separator: ";"), arguments + 2)
    }
}
