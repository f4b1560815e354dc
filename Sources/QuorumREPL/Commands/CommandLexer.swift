/// A line the shell could not split into words.
public struct CommandLexError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Splits a command line into words, as a shell would: spaces separate, quotes group, a
/// backslash escapes the next character, and a line starting with `#` is a comment.
public enum CommandLexer {
    public static func words(_ line: String) throws(CommandLexError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaping = false
        if line.drop(while: { $0 == " " || $0 == "\t" }).first == "#" { return [] }
        for character in line {
            if escaping {
                current.append(character)
                escaping = false
                inWord = true
                continue
            }
            if character == "\\" && quote != "'" {
                escaping = true
                continue
            }
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "\"", "'":
                quote = character
                inWord = true
            case " ", "\t", "\r", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        if let open = quote {
            throw CommandLexError(message: "this line has an opening \(open) with no closing one")
        }
        if escaping { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }
}
