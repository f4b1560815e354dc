import Foundation

/// A fresh, uniquely named directory for one test (tests run in parallel), removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ name: String = #function) throws {
        let base = FileManager.default.temporaryDirectory.path
        let safeName = name.filter { $0.isLetter || $0.isNumber }
        path = "\(base)/quorum-store-tests-\(safeName)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// 2025-01-01T00:00:00.000Z, the day the fixtures take place.
let newYear2025 = Date(timeIntervalSince1970: 1_735_689_600)

/// `seconds` after ``newYear2025``, to the millisecond: the dates a learner's clock gives, as the
/// store keeps them (whole milliseconds since 1970, divided once).
func at(_ seconds: Double) -> Date {
    Date(timeIntervalSince1970: Double(1_735_689_600_000 + Int64((seconds * 1000).rounded())) / 1000)
}
