/// A value an operation wrote, read or compared: what registers and key-value stores hold.
///
/// Histories come from Jepsen logs, EDN and JSON, so the shapes are the ones those share: nothing
/// (`null`, shown as `nil`: "never written"), booleans, whole numbers, strings and lists (a cas's `[from to]`).
/// A keyword such as `:timed-out` is kept as the string `":timed-out"`.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case list([Value])

    /// The two elements of a `[from to]` pair, or nil when this is not a two-element list.
    public var pair: (Value, Value)? {
        guard case .list(let items) = self, items.count == 2 else { return nil }
        return (items[0], items[1])
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension Value: CustomStringConvertible {
    /// EDN-like text: `nil`, `3`, `"a b"`, `[1 2]`; a keyword (`:timed-out`) without quotes.
    public var description: String {
        switch self {
        case .null: return "nil"
        case .bool(let flag): return flag ? "true" : "false"
        case .int(let number): return String(number)
        case .string(let text):
            if text.hasPrefix(":"), text.count > 1, text.unicodeScalars.allSatisfy(Value.isKeywordScalar) {
                return text
            }
            return Value.quoted(text)
        case .list(let items): return "[" + items.map(\.description).joined(separator: " ") + "]"
        }
    }

    private static func isKeywordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", ":", "/", "?", "!", "*", "+": return true
        default: return false
        }
    }

    /// `text` in double quotes, with quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4, with: "0")
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character) -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) {
        self = .int(value)
    }

    public init(stringLiteral value: String) {
        self = .string(value)
    }

    public init(arrayLiteral elements: Value...) {
        self = .list(elements)
    }
}
