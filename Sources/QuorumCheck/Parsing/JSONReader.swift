/// Reads one JSON value from a line, strictly (RFC 8259): objects, arrays, strings with every
/// escape, numbers, `true`, `false`, `null`. Whole numbers that fit in an `Int` stay whole.
/// Nesting deeper than `maximumDepth` is refused rather than recursed.
public struct JSONReader {
    static let maximumDepth = 64

    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private var depth = 0

    private init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    public static func read(_ bytes: ArraySlice<UInt8>) throws(DataValueError) -> DataValue {
        var reader = JSONReader(bytes)
        let value = try reader.readValue()
        reader.skipSpace()
        if reader.position < bytes.endIndex { throw DataValueError("unexpected text after the JSON value") }
        return value
    }

    private var current: UInt8? { position < bytes.endIndex ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ word: String, _ value: DataValue) throws(DataValueError) -> DataValue {
        let utf8 = Array(word.utf8)
        guard position + utf8.count <= bytes.endIndex, Array(bytes[position..<position + utf8.count]) == utf8 else {
            throw DataValueError("unexpected character in JSON")
        }
        position += utf8.count
        return value
    }

    private mutating func readValue() throws(DataValueError) -> DataValue {
        skipSpace()
        guard let byte = current else { throw DataValueError("expected a JSON value, found the end of the line") }
        switch byte {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""):
            position += 1
            return .string(try readString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw DataValueError("unexpected character '\(Character(Unicode.Scalar(byte)))' in JSON")
        }
    }

    private mutating func enter() throws(DataValueError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw DataValueError("JSON nested too deeply") }
        position += 1
    }

    private mutating func readObject() throws(DataValueError) -> DataValue {
        try enter()
        defer { depth -= 1 }
        var pairs: [DataPair] = []
        skipSpace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .map(pairs)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw DataValueError("a JSON object key must be a string") }
            position += 1
            let key = try readString()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw DataValueError("expected ':' after the key \"\(key)\"") }
            position += 1
            pairs.append(DataPair(key: .string(key), value: try readValue()))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .map(pairs)
            default: throw DataValueError("expected ',' or '}' in a JSON object")
            }
        }
    }

    private mutating func readArray() throws(DataValueError) -> DataValue {
        try enter()
        defer { depth -= 1 }
        var items: [DataValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .vector(items)
        }
        while true {
            items.append(try readValue())
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .vector(items)
            default: throw DataValueError("expected ',' or ']' in a JSON array")
            }
        }
    }

    private mutating func readString() throws(DataValueError) -> String {
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            if !run.isEmpty {
                scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll()
            }
        }
        while let byte = current {
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard let escaped = current else { throw DataValueError("a JSON string is not closed") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try readEscapedScalar())
                default:
                    throw DataValueError("unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a JSON string")
                }
            case 0x00..<0x20:
                throw DataValueError("a control character inside a JSON string must be escaped")
            default:
                run.append(byte)
            }
        }
        throw DataValueError("a JSON string is not closed before the end of the line")
    }

    private mutating func readHex() throws(DataValueError) -> UInt32 {
        guard position + 4 <= bytes.endIndex,
            let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { throw DataValueError("'\\u' needs four hex digits") }
        position += 4
        return code
    }

    /// A `\uXXXX` escape, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func readEscapedScalar() throws(DataValueError) -> Unicode.Scalar {
        let high = try readHex()
        if (0xD800..<0xDC00).contains(high), current == UInt8(ascii: "\\"), position + 1 < bytes.endIndex,
            bytes[position + 1] == UInt8(ascii: "u")
        {
            position += 2
            let low = try readHex()
            if (0xDC00..<0xE000).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            {
                return scalar
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func readNumber() throws(DataValueError) -> DataValue {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        var isWhole = true
        while let byte = current {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): position += 1
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                isWhole = false
                position += 1
            default:
                return try number(String(decoding: bytes[start..<position], as: UTF8.self), isWhole: isWhole)
            }
        }
        return try number(String(decoding: bytes[start..<position], as: UTF8.self), isWhole: isWhole)
    }

    private func number(_ text: String, isWhole: Bool) throws(DataValueError) -> DataValue {
        if isWhole {
            if let integer = Int(text) { return .integer(integer) }
            if text != "-" { throw DataValueError("the number \(text) is too large") }
        }
        if let real = Double(text), real.isFinite { return .real(real) }
        throw DataValueError("'\(text)' is not a JSON number")
    }
}
