/// Collects the diagnostics for one file as parsing goes, never stopping at the first.
struct DiagnosticLog: Sendable {
    let source: SourceText
    private(set) var diagnostics: [Diagnostic] = []

    init(source: SourceText) {
        self.source = source
    }

    var hasErrors: Bool { diagnostics.hasErrors }

    mutating func error(_ message: String, at span: SourceSpan) {
        diagnostics.append(Diagnostic(.error, message, at: span))
    }

    mutating func warning(_ message: String, at span: SourceSpan) {
        diagnostics.append(Diagnostic(.warning, message, at: span))
    }

    mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }
}
