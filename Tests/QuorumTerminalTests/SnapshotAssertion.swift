import Foundation
import QuorumTestSupport
import Testing

/// This target's snapshots: `Snapshots/` beside this file, copied into the test bundle.
func expectSnapshot(_ rendered: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    QuorumTestSupport.expectSnapshot(
        rendered, named: name, in: Bundle.module,
        recordingInto: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots"),
        sourceLocation: sourceLocation)
}
