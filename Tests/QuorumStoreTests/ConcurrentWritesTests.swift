import Dispatch
import Foundation
import Synchronization
import Testing

@testable import QuorumStore

/// Two shells open at once: separate connections to one file, writing at the same time.
@Suite struct ConcurrentWritesTests {
    @Test func twoStoresRecordingAtOnceBothKeepEveryAnswer() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stores = [ProgressStore.open(directory: directory.path), ProgressStore.open(directory: directory.path)]
        #expect(stores.allSatisfy { $0.notices.isEmpty && $0.store.isPersistent })
        let failures = Mutex<[String]>([])

        DispatchQueue.concurrentPerform(iterations: 2) { shell in
            let store = stores[shell].store
            for index in 0..<200 {
                let attempt = Attempt(
                    lessonID: "shell-\(shell)", questionID: "q\(index)", answer: "\(index)", correct: index % 2 == 0,
                    answeredAt: at(Double(index)))
                do {
                    try store.record(attempt)
                } catch {
                    failures.withLock { $0.append("shell \(shell), answer \(index): \(error)") }
                }
            }
        }

        #expect(failures.withLock { $0 } == [])
        let (reopened, _) = ProgressStore.open(directory: directory.path)
        let attempts = try reopened.attempts()
        #expect(attempts.count == 400)
        for shell in 0..<2 {
            let answers = attempts.filter { $0.lessonID == "shell-\(shell)" }.map(\.answer)
            #expect(answers == (0..<200).map(String.init))
        }
        #expect(Set(attempts.compactMap(\.id)).count == 400)
    }

    @Test func storesOpeningAFreshDirectoryAtOnceAllSucceed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let opened = Mutex<[(store: ProgressStore, notices: [StoreNotice])]>([])

        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let result = ProgressStore.open(directory: directory.path)
            opened.withLock { $0.append(result) }
        }

        let results = opened.withLock { $0 }
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0.store.isPersistent })
        #expect(results.flatMap(\.notices).map(\.description) == [])
        for (index, result) in results.enumerated() {
            try result.store.setMeta("opened-\(index)", "yes")
        }
        #expect(try results[0].store.recordedMigrations() == ["v1-lessons-attempts", "v2-cards-reviews"])
        #expect(try results[0].store.meta("opened-3") == "yes")
    }
}
