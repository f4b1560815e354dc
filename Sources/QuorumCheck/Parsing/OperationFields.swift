/// Reading the fields that EDN maps and JSON objects share: process, f, key, value, time.
enum OperationFields {
    /// The process number; nil with no message for a process that is not a client (`:nemesis`).
    static func process(_ map: DataValue) -> Result<Int?, DataValueError> {
        switch map.field("process") {
        case .integer(let number)?: return .success(number)
        case .keyword("nemesis")?, .string("nemesis")?: return .success(nil)
        case nil: return .failure(DataValueError("missing process"))
        case let other?: return .failure(DataValueError("the process must be a whole number, not \(other.kind)"))
        }
    }

    static func function(_ map: DataValue) -> Result<Function, DataValueError> {
        switch map.field("f") {
        case .keyword(let name)?, .string(let name)?:
            guard !name.isEmpty else { return .failure(DataValueError("the function 'f' is empty")) }
            return .success(Function(name))
        case nil: return .failure(DataValueError("missing f (the function: read, write, cas, get, put or append)"))
        case let other?: return .failure(DataValueError("f must name a function, not \(other.kind)"))
        }
    }

    /// The key as text (numbers and keywords become their text); nil for none.
    static func key(_ map: DataValue) -> Result<String?, DataValueError> {
        switch map.field("key") {
        case nil, .null?: return .success(nil)
        case .string(let text)?: return .success(text)
        case .integer(let number)?: return .success(String(number))
        case .keyword(let name)?: return .success(":" + name)
        case let other?: return .failure(DataValueError("the key must be a string or a number, not \(other.kind)"))
        }
    }

    /// The value; nil when the map has no value field at all.
    static func value(_ map: DataValue) -> Result<Value?, DataValueError> {
        guard let field = map.field("value") else { return .success(nil) }
        return field.operationValue().map { Optional($0) }
    }

    static func time(_ map: DataValue, field name: String) -> Result<Int64?, DataValueError> {
        switch map.field(name) {
        case nil, .null?: return .success(nil)
        case .integer(let number)?: return .success(Int64(number))
        case let other?: return .failure(DataValueError("\(name) must be a whole number, not \(other.kind)"))
        }
    }

    static func kind(_ map: DataValue) -> Result<HistoryEvent.Kind, DataValueError> {
        switch map.field("type") {
        case .keyword(let name)?, .string(let name)?:
            guard let kind = HistoryEvent.Kind(rawValue: name) else {
                return .failure(DataValueError("unknown type '\(name)' (expected invoke, ok, fail or info)"))
            }
            return .success(kind)
        case nil: return .failure(DataValueError("missing type (invoke, ok, fail or info)"))
        case let other?: return .failure(DataValueError("type must be invoke, ok, fail or info, not \(other.kind)"))
        }
    }
}
