import Foundation
import Testing

/// Compares rendered output with its reviewed file `Snapshots/<name>.txt` in `bundle`.
///
/// Run with `QUORUM_RECORD_SNAPSHOTS=1` to write the current output into the source tree instead;
/// the test then fails, so a recording run is never taken for a passing one. Review the recorded
/// file like code before committing it. The escape character is stored as `⎋`, so coloured
/// snapshots can be read and diffed.
public func expectSnapshot(
    _ rendered: String, named name: String, in bundle: Bundle, recordingInto folder: URL,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let actual = rendered.replacing("\u{1B}", with: "⎋") + "\n"
    if ProcessInfo.processInfo.environment["QUORUM_RECORD_SNAPSHOTS"] == "1" {
        let url = folder.appendingPathComponent("\(name).txt")
        do {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded Snapshots/\(name).txt: review it, then test again without recording.")
        } catch {
            Issue.record("Could not record Snapshots/\(name).txt: \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let url = bundle.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots"),
        let expected = try? String(contentsOf: url, encoding: .utf8)
    else {
        Issue.record(
            "No snapshot Snapshots/\(name).txt; record it with QUORUM_RECORD_SNAPSHOTS=1.",
            sourceLocation: sourceLocation)
        return
    }
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let common = min(actualLines.count, expectedLines.count)
    let line = (0..<common).first { actualLines[$0] != expectedLines[$0] } ?? common
    func at(_ lines: [Substring]) -> String { line < lines.count ? "\"\(lines[line])\"" : "(end of output)" }
    Issue.record(
        """
        Snapshots/\(name).txt differs at line \(line + 1):
          expected: \(at(expectedLines))
          actual:   \(at(actualLines))
        """,
        sourceLocation: sourceLocation)
}
