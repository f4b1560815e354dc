import Foundation
import Testing

@testable import QuorumStore

/// A killed process never closes its connection: its answers sit in the write-ahead log, not yet
/// copied into the database file. Copying the files while a store is still open leaves exactly
/// what a kill would.
@Suite struct DurabilityTests {
    @Test(arguments: [true, false])
    func answersInTheLogOfAKilledProcessAreAllThere(keepSharedMemoryFile: Bool) throws {
        let live = try TemporaryDirectory()
        let afterKill = try TemporaryDirectory()
        defer {
            live.remove()
            afterKill.remove()
        }
        let (store, _) = ProgressStore.open(directory: live.path)
        try store.saveStep(lessonID: "cap", step: 2, stepCount: 4, at: at(0))
        for index in 0..<20 {
            try store.record(
                Attempt(lessonID: "cap", questionID: "q\(index)", answer: "b", correct: true, answeredAt: at(1)))
        }
        #expect(FileManager.default.fileExists(atPath: live.file("progress.sqlite-wal")))
        // The answers are in the log, not yet in the database file: without the log, none are there.
        let withoutLog = try TemporaryDirectory()
        defer { withoutLog.remove() }
        try FileManager.default.copyItem(
            atPath: live.file("progress.sqlite"), toPath: withoutLog.file("progress.sqlite"))
        #expect(try ProgressStore.open(directory: withoutLog.path).store.attempts() == [])

        var files = ["progress.sqlite", "progress.sqlite-wal"]
        if keepSharedMemoryFile { files.append("progress.sqlite-shm") }
        for name in files {
            try FileManager.default.copyItem(atPath: live.file(name), toPath: afterKill.file(name))
        }

        let (recovered, notices) = ProgressStore.open(directory: afterKill.path)

        #expect(notices.isEmpty)
        #expect(recovered.isPersistent)
        #expect(try recovered.attempts().count == 20)
        #expect(try recovered.lessonState("cap")?.currentStep == 2)
        #expect(!FileManager.default.fileExists(atPath: afterKill.file("progress.sqlite.corrupt-1")))
    }
}
