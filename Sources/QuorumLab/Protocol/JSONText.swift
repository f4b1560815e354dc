import QuorumCheck

/// Writing JSON, for the lines quorum sends to nodes and the files a lab run leaves behind.
///
/// Reading is QuorumCheck's strict `JSONReader`; this is the other direction. EDN's keywords and
/// symbols, which JSON has no word for, are written as strings.
extension DataValue {
    /// Compact JSON on one line: no spaces, keys in the order given.
    public var jsonText: String {
        var text = ""
        appendJSON(to: &text)
        return text
    }

    func appendJSON(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .integer(let number): text += String(number)
        case .real(let number): text += number.isFinite ? "\(number)" : "null"
        case .string(let string), .keyword(let string), .symbol(let string): JSONText.appendQuoted(string, to: &text)
        case .vector(let items):
            text += "["
            for (position, item) in items.enumerated() {
                if position > 0 { text += "," }
                item.appendJSON(to: &text)
            }
            text += "]"
        case .map(let pairs):
            text += "{"
            for (position, pair) in pairs.enumerated() {
                if position > 0 { text += "," }
                switch pair.key {
                case .string(let key), .keyword(let key), .symbol(let key): JSONText.appendQuoted(key, to: &text)
                default: JSONText.appendQuoted(pair.key.jsonText, to: &text)
                }
                text += ":"
                pair.value.appendJSON(to: &text)
            }
            text += "}"
        }
    }

    /// A JSON object from string keys, in the order given.
    public static func object(_ fields: [(String, DataValue)]) -> DataValue {
        .map(fields.map { DataPair(key: .string($0.0), value: $0.1) })
    }

    /// The object's fields with `name` set to `value` (replaced where it was, else appended).
    public func setting(_ name: String, _ value: DataValue) -> DataValue {
        guard case .map(var pairs) = self else { return self }
        if let index = pairs.firstIndex(where: { $0.key == .string(name) }) {
            pairs[index].value = value
        } else {
            pairs.append(DataPair(key: .string(name), value: value))
        }
        return .map(pairs)
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var intValue: Int? {
        if case .integer(let number) = self { return number }
        return nil
    }

    public var arrayValue: [DataValue]? {
        if case .vector(let items) = self { return items }
        return nil
    }
}

/// JSON string quoting (RFC 8259): quotes, backslashes and control characters escaped.
enum JSONText {
    static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
