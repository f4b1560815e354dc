import QuorumTerminal

/// The roles of the lanes of `ElectionScene`: n2 is candidate from 150ms and leader from 152.1ms,
/// n1 is down from 220ms to 320ms, n3 is a candidate from 260ms; everyone else follows.
enum ElectionRoles {
    static let lanes = ["n1", "n2", "n3"]
    static let order = ["leader", "candidate", "follower", "down"]

    static let segments: [[RoleSegment]] = [
        [
            RoleSegment(start: 0, role: "follower"), RoleSegment(start: 220_000, role: "down"),
            RoleSegment(start: 320_000, role: "follower"),
        ],
        [
            RoleSegment(start: 0, role: "follower"), RoleSegment(start: 150_000, role: "candidate"),
            RoleSegment(start: 152_100, role: "leader"),
        ],
        [RoleSegment(start: 0, role: "follower"), RoleSegment(start: 260_000, role: "candidate")],
    ]
}
