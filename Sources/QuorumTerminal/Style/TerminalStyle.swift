/// Styles text for the terminal with ANSI SGR codes, or leaves it untouched when colour is off.
///
/// Styles nest: `style.dim("a " + style.bold("b") + " c")` keeps "c" dim although bold and dim
/// share their closing code, because each style reopens itself after any inner code that would
/// close it. Empty text is returned as is, without codes.
public struct TerminalStyle: Sendable {
    public var colorEnabled: Bool

    public init(colorEnabled: Bool) {
        self.colorEnabled = colorEnabled
    }

    /// No colour, no attributes: every function returns its argument.
    public static let plain = TerminalStyle(colorEnabled: false)

    public func bold(_ s: String) -> String { apply([.bold], to: s) }
    public func dim(_ s: String) -> String { apply([.dim], to: s) }
    public func italic(_ s: String) -> String { apply([.italic], to: s) }
    public func underline(_ s: String) -> String { apply([.underline], to: s) }
    /// Inline code: commands, parameter names, values the learner may type.
    public func code(_ s: String) -> String { apply([.magenta], to: s) }
    /// Headings: levels 1 and 2 bold in the accent colour, 3 bold, 4 and deeper bold italic.
    public func heading(_ s: String, level: Int) -> String {
        switch level {
        case ...2: return apply([.cyan, .bold], to: s)
        case 3: return apply([.bold], to: s)
        default: return apply([.italic, .bold], to: s)
        }
    }
    /// What the eye should go to first: a current step, a selected item, a highlighted value.
    public func accent(_ s: String) -> String { apply([.cyan], to: s) }
    public func success(_ s: String) -> String { apply([.green], to: s) }
    public func warning(_ s: String) -> String { apply([.yellow], to: s) }
    public func error(_ s: String) -> String { apply([.red, .bold], to: s) }
    /// The shell prompt. Line editors need to be told these codes take no columns.
    public func prompt(_ s: String) -> String { apply([.cyan, .bold], to: s) }

    /// Wraps `text` in each attribute in turn, innermost first.
    private func apply(_ attributes: [SGRAttribute], to text: String) -> String {
        guard colorEnabled, !text.isEmpty else { return text }
        var result = text
        for attribute in attributes {
            let open = "\u{1B}[\(attribute.on)m"
            let close = "\u{1B}[\(attribute.off)m"
            result = result.replacing(close, with: close + open)
            result = result.replacing(ANSIEscapes.reset, with: ANSIEscapes.reset + open)
            result = open + result + close
        }
        return result
    }
}

/// One SGR attribute with the code that turns it on and the one that turns it off.
private struct SGRAttribute {
    let on: Int
    let off: Int

    static let bold = SGRAttribute(on: 1, off: 22)
    static let dim = SGRAttribute(on: 2, off: 22)
    static let italic = SGRAttribute(on: 3, off: 23)
    static let underline = SGRAttribute(on: 4, off: 24)
    static let red = SGRAttribute(on: 31, off: 39)
    static let green = SGRAttribute(on: 32, off: 39)
    static let yellow = SGRAttribute(on: 33, off: 39)
    static let magenta = SGRAttribute(on: 35, off: 39)
    static let cyan = SGRAttribute(on: 36, off: 39)
}
