import QuorumCheck
import Testing

@Suite struct StalenessTests {
    /// Three writes, one after another; the read starts at 60, after all of them completed.
    @Test(
        arguments: [
            (1, 60, 70, 2), (2, 60, 70, 1), (3, 60, 70, 0),
            // Overlapping write 3 (40–50), a read of 2 may have come before it: not stale.
            (2, 45, 55, 0),
            // nil is the value before write 1: all three completed writes are newer.
            (nil, 60, 70, 3),
        ] as [(Int?, Int64, Int64, Int)])
    func aReadIsBehindByTheCompletedWritesNewerThanWhatItSaw(read: Int?, from: Int64, to: Int64, behind: Int) {
        let history = History([
            op(0, .write, 1, 0, 10),
            op(0, .write, 2, 20, 30),
            op(0, .write, 3, 40, 50),
            op(1, .read, read.map(Value.int) ?? .null, from, to),
        ])
        let report = Staleness.measure(history, model: RegisterModel())
        #expect(report.reads == [ReadStaleness(read: 3, versionsBehind: behind)])
        #expect(report.maximum == behind)
    }

    @Test func aValueNeverWrittenHasNoStalenessAndIsListed() {
        let history = History([op(0, .write, 1, 0, 10), op(1, .read, 9, 20, 30)])
        let report = Staleness.measure(history, model: RegisterModel())
        #expect(report.reads == [ReadStaleness(read: 1, versionsBehind: nil)])
        #expect(report.unexplained == [1])
        #expect(report.stale == [])
    }

    @Test func appendsCountAsVersionsAndAGetSeesThemAsASuffix() {
        let history = History([
            op(0, .append, "a", 0, 10, key: "k"),
            op(0, .append, "b", 20, 30, key: "k"),
            op(0, .append, "c", 40, 50, key: "k"),
            op(1, .get, "a", 60, 70, key: "k"),
            op(1, .get, "ab", 60, 70, key: "k"),
            op(1, .get, "abc", 60, 70, key: "k"),
        ])
        let report = Staleness.measure(history, model: KeyValueModel())
        #expect(report.reads.map(\.versionsBehind) == [2, 1, 0])
    }
}
