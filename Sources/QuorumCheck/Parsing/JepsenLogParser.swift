/// Jepsen's log lines, as in the published etcd histories:
///
/// ```
/// INFO  jepsen.util - 3	:invoke	:cas	[3 0]
/// INFO  jepsen.util - 3	:fail	:cas	[3 0]
/// ```
///
/// After the prefix, which ends with the process, come tab-separated fields: type, function and
/// value (EDN). Lines whose second field is not `:invoke`, `:ok`, `:fail` or `:info` are other
/// log output and are skipped. A `:fail` whose value is `:timed-out` did not fail for sure: it is
/// indeterminate, like `:info`.
enum JepsenLogParser {
    static func parse(_ lines: SourceLines, file: String) -> (operations: [Operation], diagnostics: [HistoryDiagnostic])
    {
        var pairing = EventPairing(file: file)
        var diagnostics: [HistoryDiagnostic] = []
        for (number, bytes) in lines {
            let fields = bytes.split(separator: 0x09, omittingEmptySubsequences: false)
            guard fields.count >= 3, let kind = kind(fields[1].trimmed) else { continue }
            func fail(_ message: String) {
                diagnostics.append(HistoryDiagnostic(file: file, line: number, message: message))
            }
            let processText = fields[0].trimmed.split(separator: 0x20).last.map { ArraySlice($0).text } ?? ""
            if processText == ":nemesis" { continue }
            guard let process = Int(processText) else {
                fail("expected a process number before the first tab, found '\(processText)'")
                continue
            }
            let functionText = fields[2].trimmed.text
            guard functionText.count > 1, functionText.hasPrefix(":") else {
                fail("expected a function keyword such as :read in the third field, found '\(functionText)'")
                continue
            }
            let valueBytes = fields.count > 3 ? ArraySlice(fields[3...].joined(separator: [0x09])) : []
            var value: Value?
            if !valueBytes.trimmed.isEmpty {
                do {
                    switch try EDNReader.read(valueBytes).operationValue() {
                    case .success(let parsed): value = parsed
                    case .failure(let error):
                        fail("unsupported value: \(error.message)")
                        continue
                    }
                } catch {
                    fail("cannot read the value '\(valueBytes.text)': \(error.message)")
                    continue
                }
            }
            var eventKind = kind
            if value == .string(":timed-out"), kind == .fail || kind == .info {
                eventKind = .info
                value = nil
            }
            pairing.add(
                HistoryEvent(
                    kind: eventKind, process: process, function: Function(String(functionText.dropFirst())), key: nil,
                    value: value, time: nil, line: number))
        }
        let operations = pairing.finish()
        return (operations, diagnostics + pairing.diagnostics)
    }

    static func kind(_ field: ArraySlice<UInt8>) -> HistoryEvent.Kind? {
        switch field.text {
        case ":invoke": return .invoke
        case ":ok": return .ok
        case ":fail": return .fail
        case ":info": return .info
        default: return nil
        }
    }
}
