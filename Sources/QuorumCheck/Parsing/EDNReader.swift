/// Reads one EDN value from a line: maps, vectors, lists, sets, strings, keywords, numbers,
/// `nil`, booleans and symbols; `;` comments and `#_` discards; tagged literals (`#inst "..."`)
/// are read as their value. Nesting deeper than `maximumDepth` is refused rather than recursed.
struct EDNReader {
    static let maximumDepth = 64

    private let bytes: ArraySlice<UInt8>
    private var position: Int
    private var depth = 0

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The single value the text holds; trailing text other than whitespace is an error.
    static func read(_ bytes: ArraySlice<UInt8>) throws(DataValueError) -> DataValue {
        var reader = EDNReader(bytes)
        let value = try reader.readValue()
        reader.skipSpace()
        if reader.position < bytes.endIndex {
            throw DataValueError("unexpected text after the value")
        }
        return value
    }

    private var current: UInt8? { position < bytes.endIndex ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x2C: position += 1
            case 0x3B:  // ; comment to the end of the line
                while let next = current, next != 0x0A { position += 1 }
            default: return
            }
        }
    }

    mutating func readValue() throws(DataValueError) -> DataValue {
        skipSpace()
        guard let byte = current else { throw DataValueError("expected a value, found the end of the line") }
        switch byte {
        case UInt8(ascii: "{"):
            position += 1
            let items = try readSequence(closing: UInt8(ascii: "}"))
            guard items.count % 2 == 0 else { throw DataValueError("a map needs a value for every key") }
            return .map(stride(from: 0, to: items.count, by: 2).map { DataPair(key: items[$0], value: items[$0 + 1]) })
        case UInt8(ascii: "["):
            position += 1
            return .vector(try readSequence(closing: UInt8(ascii: "]")))
        case UInt8(ascii: "("):
            position += 1
            return .vector(try readSequence(closing: UInt8(ascii: ")")))
        case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
            throw DataValueError("unexpected '\(Character(Unicode.Scalar(byte)))'")
        case UInt8(ascii: "\""):
            position += 1
            return .string(try readString())
        case UInt8(ascii: "#"):
            return try readDispatch()
        case UInt8(ascii: ":"):
            position += 1
            let name = readToken()
            guard !name.isEmpty else { throw DataValueError("a keyword needs a name after ':'") }
            return .keyword(name)
        default:
            return try readAtom()
        }
    }

    private mutating func readSequence(closing: UInt8) throws(DataValueError) -> [DataValue] {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw DataValueError("values nested too deeply") }
        var items: [DataValue] = []
        while true {
            skipSpace()
            guard let byte = current else {
                throw DataValueError("missing '\(Character(Unicode.Scalar(closing)))' before the end of the line")
            }
            if byte == closing {
                position += 1
                return items
            }
            items.append(try readValue())
        }
    }

    private mutating func readDispatch() throws(DataValueError) -> DataValue {
        position += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw DataValueError("values nested too deeply") }
        guard let byte = current else { throw DataValueError("'#' at the end of the line") }
        switch byte {
        case UInt8(ascii: "{"):
            position += 1
            return .vector(try readSequence(closing: UInt8(ascii: "}")))
        case UInt8(ascii: "_"):
            position += 1
            _ = try readValue()
            return try readValue()
        default:
            guard !readToken().isEmpty else { throw DataValueError("unknown '#' form") }
            return try readValue()
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
                guard let escaped = current else { break }
                position += 1
                flush()
                switch escaped {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "u"):
                    scalars.append(try readHexScalar())
                default:
                    throw DataValueError("unknown escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
                }
            default:
                run.append(byte)
            }
        }
        throw DataValueError("a string is not closed before the end of the line")
    }

    private mutating func readHexScalar() throws(DataValueError) -> Unicode.Scalar {
        guard position + 4 <= bytes.endIndex,
            let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
            let scalar = Unicode.Scalar(code)
        else { throw DataValueError("'\\u' needs four hex digits naming a character") }
        position += 4
        return scalar
    }

    private mutating func readToken() -> String {
        let start = position
        while let byte = current, !Self.isDelimiter(byte) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private mutating func readAtom() throws(DataValueError) -> DataValue {
        let token = readToken()
        guard let first = token.unicodeScalars.first else {
            throw DataValueError("unexpected character")
        }
        switch token {
        case "nil": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        let startsNumber =
            ("0"..."9").contains(first)
            || ((first == "-" || first == "+")
                && token.unicodeScalars.dropFirst().first.map { ("0"..."9").contains($0) }
                    == true)
        guard startsNumber else { return .symbol(token) }
        var digits = Substring(token)
        if digits.last == "N" { digits = digits.dropLast() }
        if digits.first == "+" { digits = digits.dropFirst() }
        if let integer = Int(digits) { return .integer(integer) }
        if digits.allSatisfy({ $0.isNumber || $0 == "-" }) {
            throw DataValueError("the number \(token) is too large")
        }
        if digits.last == "M" { digits = digits.dropLast() }
        if let real = Double(digits), real.isFinite { return .real(real) }
        throw DataValueError("'\(token)' is not a number")
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x2C, UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: ";"):
            return true
        default:
            return false
        }
    }
}
