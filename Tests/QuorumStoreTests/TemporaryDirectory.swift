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
