import Foundation
import Testing

/// The path of a fixture course folder under `Fixtures/`.
func fixture(_ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
    let root = try #require(
        Bundle.module.url(forResource: "Fixtures", withExtension: nil), sourceLocation: sourceLocation)
    return root.appendingPathComponent(name).path
}
