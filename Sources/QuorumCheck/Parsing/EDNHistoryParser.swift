/// One EDN map per line, as Jepsen writes histories:
///
/// ```
/// {:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}
/// {:process 0, :type :ok, :f :append, :key "4", :value "x 0 1 y"}
/// ```
///
/// `:type` is invoke, ok, fail or info; `:f` names the function. `:key` and `:time` are optional.
/// Lines of the nemesis (`:process :nemesis`) are not client operations and are skipped, as are
/// blank lines and `;` comments.
enum EDNHistoryParser {
    static func parse(_ lines: SourceLines, file: String) -> (operations: [Operation], diagnostics: [HistoryDiagnostic])
    {
        var pairing = EventPairing(file: file)
        var diagnostics: [HistoryDiagnostic] = []
        for (number, bytes) in lines {
            let trimmed = bytes.trimmed
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: ";") { continue }
            do {
                let map = try EDNReader.read(trimmed)
                guard case .map = map else {
                    throw DataValueError(
                        "expected a map such as {:process 0, :type :invoke, :f :read}, found \(map.kind)")
                }
                guard let process = try OperationFields.process(map).get() else { continue }
                pairing.add(
                    HistoryEvent(
                        kind: try OperationFields.kind(map).get(), process: process,
                        function: try OperationFields.function(map).get(), key: try OperationFields.key(map).get(),
                        value: try OperationFields.value(map).get(),
                        time: try OperationFields.time(map, field: "time").get(), line: number))
            } catch let error as DataValueError {
                diagnostics.append(HistoryDiagnostic(file: file, line: number, message: error.message))
            } catch {
                diagnostics.append(HistoryDiagnostic(file: file, line: number, message: "\(error)"))
            }
        }
        let operations = pairing.finish()
        return (operations, diagnostics + pairing.diagnostics)
    }
}
