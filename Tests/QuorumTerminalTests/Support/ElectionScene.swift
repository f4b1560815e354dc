import QuorumTerminal

/// A Raft-like election, written out by hand: n2 times out and asks for votes, n1's vote arrives
/// and makes it leader, n3's is lost; a client write is replicated; n3 is partitioned away and a
/// heartbeat to it is dropped; n1 crashes, n3 times out alone, n1 restarts; the partition heals; a
/// last append is still on its way when the window closes at 400ms.
enum ElectionScene {
    static let c1 = 0
    static let n1 = 1
    static let n2 = 2
    static let n3 = 3

    static let scene = SpaceTimeScene(
        lanes: ["c1", "n1", "n2", "n3"],
        start: 0,
        end: 400_000,
        messages: [
            message(1, n2, n1, 150_000, .delivered(at: 151_200), "vote? t2", "RequestVote(term: 2, lastLogIndex: 0)"),
            message(2, n2, n3, 150_000, .delivered(at: 152_400), "vote? t2", "RequestVote(term: 2, lastLogIndex: 0)"),
            message(3, n1, n2, 151_300, .delivered(at: 152_100), "granted t2", "Vote(term: 2, granted: true)"),
            message(
                4, n3, n2, 152_500, .dropped(at: 153_300, reason: "lost"), "granted t2",
                "Vote(term: 2, granted: true)"),
            message(5, n2, n1, 152_200, .delivered(at: 153_000), "append 0", "AppendEntries(term: 2, entries: [])"),
            message(6, n2, n3, 152_200, .delivered(at: 154_100), "append 0", "AppendEntries(term: 2, entries: [])"),
            message(7, c1, n2, 160_000, .delivered(at: 161_000), "put x=1", "Put(key: x, value: 1)"),
            message(8, n2, n1, 161_100, .delivered(at: 162_300), "append 1", "AppendEntries(term: 2, entries: [1])"),
            message(9, n2, n3, 161_100, .delivered(at: 163_000), "append 1", "AppendEntries(term: 2, entries: [1])"),
            message(10, n1, n2, 162_400, .delivered(at: 163_200), "ok 1", "AppendOK(term: 2, index: 1)"),
            message(11, n2, c1, 163_300, .delivered(at: 164_000), "ok x=1", "PutOK(key: x)"),
            message(
                12, n2, n3, 200_000, .dropped(at: 200_000, reason: "partition"), "append 1",
                "AppendEntries(term: 2, entries: [])"),
            message(13, n2, n1, 330_000, .delivered(at: 331_200), "append 1", "AppendEntries(term: 2, entries: [1])"),
            message(14, n2, n3, 395_000, .inFlight, "append 1", "AppendEntries(term: 2, entries: [1])"),
        ],
        marks: [
            SpaceTimeMark(lane: n2, time: 150_000, kind: .timer, text: "election timeout"),
            SpaceTimeMark(lane: n2, time: 150_000, kind: .state, text: "candidate t2"),
            SpaceTimeMark(lane: n2, time: 152_100, kind: .state, text: "leader t2"),
            SpaceTimeMark(lane: n1, time: 220_000, kind: .crash, text: "crashed"),
            SpaceTimeMark(lane: n3, time: 260_000, kind: .timer, text: "election timeout"),
            SpaceTimeMark(lane: n3, time: 260_000, kind: .state, text: "candidate t3"),
            SpaceTimeMark(lane: n1, time: 320_000, kind: .restart, text: "restarted"),
        ],
        bands: [SpaceTimeBand(start: 180_000, end: 300_000, text: "partition c1,n1,n2 | n3", lanes: [n3])]
    )

    private static func message(
        _ id: Int, _ from: Int, _ to: Int, _ sentAt: Int64, _ fate: SpaceTimeMessage.Fate, _ label: String,
        _ detail: String
    ) -> SpaceTimeMessage {
        SpaceTimeMessage(id: id, from: from, to: to, sentAt: sentAt, fate: fate, label: label, detail: detail)
    }
}
