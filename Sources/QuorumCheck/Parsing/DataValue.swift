/// A value as EDN or JSON wrote it, before it is read as part of an operation.
public indirect enum DataValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case real(Double)
    case string(String)
    case keyword(String)
    case symbol(String)
    case vector([DataValue])
    case map([DataPair])

    /// The value under a map key given as a keyword (`:process`) or a string (`"process"`).
    public func field(_ name: String) -> DataValue? {
        guard case .map(let pairs) = self else { return nil }
        for pair in pairs {
            switch pair.key {
            case .keyword(let key) where key == name: return pair.value
            case .string(let key) where key == name: return pair.value
            default: continue
            }
        }
        return nil
    }

    /// The operation value this stands for, or a message saying why it cannot be one.
    func operationValue() -> Result<Value, DataValueError> {
        switch self {
        case .null: return .success(.null)
        case .bool(let flag): return .success(.bool(flag))
        case .integer(let number): return .success(.int(number))
        case .string(let text): return .success(.string(text))
        case .keyword(let name): return .success(.string(":" + name))
        case .real(let number): return .failure(DataValueError("fractional number \(number) as a value"))
        case .symbol(let name): return .failure(DataValueError("symbol '\(name)' as a value"))
        case .map: return .failure(DataValueError("a map as a value"))
        case .vector(let items):
            var values: [Value] = []
            for item in items {
                switch item.operationValue() {
                case .success(let value): values.append(value)
                case .failure(let error): return .failure(error)
                }
            }
            return .success(.list(values))
        }
    }

    /// Short text for messages: what kind of thing this is.
    public var kind: String {
        switch self {
        case .null: return "nil"
        case .bool: return "a boolean"
        case .integer: return "a whole number"
        case .real: return "a fractional number"
        case .string: return "a string"
        case .keyword: return "a keyword"
        case .symbol: return "a symbol"
        case .vector: return "a list"
        case .map: return "a map"
        }
    }
}

public struct DataPair: Equatable, Sendable {
    public var key: DataValue
    public var value: DataValue

    public init(key: DataValue, value: DataValue) {
        self.key = key
        self.value = value
    }
}

public struct DataValueError: Error, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
