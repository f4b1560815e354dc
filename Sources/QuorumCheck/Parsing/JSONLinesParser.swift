/// quorum's own format: one JSON object per line. See the README ("JSON lines") for the
/// full description; in short, each line is one of:
///
/// - a whole operation, with both ends: `{"process": 0, "f": "write", "value": 1, "type": "ok",
///   "invoke": 0, "complete": 5}` (`complete` absent or null: still pending);
/// - an event, Jepsen style: `{"process": 0, "type": "invoke", "f": "read", "time": 7}`, later
///   completed by `{"process": 0, "type": "ok", "f": "read", "value": 1, "time": 9}`;
/// - a replica's final state: `{"replica": "n1", "final": {"x": 1}}` (or `"final": 1`);
/// - the optional header: `{"quorum-history": 1, "model": "cas-register"}`.
///
/// `key` is optional everywhere. Blank lines and lines starting with `#` are skipped. A file
/// uses whole operations or events, not both.
enum JSONLinesParser {
    struct Parsed {
        var operations: [Operation] = []
        var replicas: [ReplicaState] = []
        var model: ModelKind?
        var diagnostics: [HistoryDiagnostic] = []
    }

    static func parse(_ lines: SourceLines, file: String) -> Parsed {
        var parsed = Parsed()
        var pairing = EventPairing(file: file)
        var wholeOperations: [Operation] = []
        var firstStyle: (isWhole: Bool, line: Int)?
        for (number, bytes) in lines {
            let trimmed = bytes.trimmed
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }
            do {
                let object = try JSONReader.read(trimmed)
                guard case .map = object else {
                    throw DataValueError("expected a JSON object on each line, found \(object.kind)")
                }
                if let version = object.field("quorum-history") {
                    guard version == .integer(1) else {
                        guard case .integer(let number) = version else {
                            throw DataValueError("quorum-history must be a version number, not \(version.kind)")
                        }
                        throw DataValueError("this is quorum-history version \(number); only version 1 is known")
                    }
                    switch object.field("model") {
                    case nil, .null?: break
                    case .string(let name)?:
                        guard let model = ModelKind(name: name) else {
                            throw DataValueError(
                                "unknown model '\(name)' (known: \(ModelKind.allCases.map(\.name).joined(separator: ", ")))"
                            )
                        }
                        parsed.model = model
                    case let other?: throw DataValueError("model must be a string, not \(other.kind)")
                    }
                    continue
                }
                if object.field("replica") != nil {
                    parsed.replicas.append(try replica(object))
                    continue
                }
                let isWhole = object.field("invoke") != nil
                if let style = firstStyle, style.isWhole != isWhole {
                    throw DataValueError(
                        "this line is \(isWhole ? "a whole operation" : "an event") but line \(style.line) is \(style.isWhole ? "a whole operation" : "an event"); use one style per file"
                    )
                }
                firstStyle = firstStyle ?? (isWhole, number)
                if isWhole {
                    if let operation = try wholeOperation(object, line: number) { wholeOperations.append(operation) }
                } else {
                    guard let process = try OperationFields.process(object).get() else { continue }
                    pairing.add(
                        HistoryEvent(
                            kind: try OperationFields.kind(object).get(), process: process,
                            function: try OperationFields.function(object).get(),
                            key: try OperationFields.key(object).get(), value: try OperationFields.value(object).get(),
                            time: try OperationFields.time(object, field: "time").get(), line: number))
                }
            } catch let error as DataValueError {
                parsed.diagnostics.append(HistoryDiagnostic(file: file, line: number, message: error.message))
            } catch {
                parsed.diagnostics.append(HistoryDiagnostic(file: file, line: number, message: "\(error)"))
            }
        }
        parsed.operations = wholeOperations + pairing.finish()
        parsed.diagnostics += pairing.diagnostics
        return parsed
    }

    private static func wholeOperation(_ object: DataValue, line: Int) throws(DataValueError) -> Operation? {
        guard let process = try OperationFields.process(object).get() else { return nil }
        let outcome: Operation.Outcome
        switch try OperationFields.kind(object).get() {
        case .invoke:
            throw DataValueError("a whole operation's type is ok, fail or info; \"invoke\" is for events")
        case .ok: outcome = .ok
        case .fail: outcome = .fail
        case .info: outcome = .info
        }
        guard let invoke = try OperationFields.time(object, field: "invoke").get() else {
            throw DataValueError("invoke must be a whole number")
        }
        let complete = try OperationFields.time(object, field: "complete").get()
        if outcome != .info, complete == nil {
            throw DataValueError("an operation of type \(outcome.rawValue) needs its complete time")
        }
        if let complete, complete < invoke {
            throw DataValueError("complete (\(complete)) is before invoke (\(invoke))")
        }
        return Operation(
            process: process, function: try OperationFields.function(object).get(),
            key: try OperationFields.key(object).get(), value: try OperationFields.value(object).get() ?? .null,
            outcome: outcome, invoke: invoke, complete: complete, line: line)
    }

    private static func replica(_ object: DataValue) throws(DataValueError) -> ReplicaState {
        let name: String
        switch object.field("replica") {
        case .string(let text)?: name = text
        case .integer(let number)?: name = String(number)
        default: throw DataValueError("replica must name the replica with a string")
        }
        guard let final = object.field("final") else {
            throw DataValueError("a replica line needs \"final\", the replica's final state")
        }
        if case .map(let pairs) = final {
            var values: [String?: Value] = [:]
            for pair in pairs {
                guard case .string(let key) = pair.key else { continue }
                values[key] = try pair.value.operationValue().get()
            }
            return ReplicaState(replica: name, values: values)
        }
        return ReplicaState(replica: name, values: [nil: try final.operationValue().get()])
    }
}
