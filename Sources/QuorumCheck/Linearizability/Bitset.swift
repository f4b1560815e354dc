/// A fixed-size set of small integers (the operations linearized so far), cheap to hash.
///
/// The search memoises every (set, state) it has explored, so hashing the set must not cost a
/// pass over its words: a fingerprint is kept up to date as members come and go (the xor of a
/// fixed 64-bit mix of each member), and equality still compares the words.
struct Bitset: Hashable {
    private(set) var words: [UInt64]
    private(set) var fingerprint: UInt64 = 0

    init(capacity: Int) {
        words = Array(repeating: 0, count: (max(0, capacity) + 63) / 64)
    }

    func contains(_ member: Int) -> Bool {
        words[member >> 6] & (1 << UInt64(member & 63)) != 0
    }

    mutating func insert(_ member: Int) {
        let bit: UInt64 = 1 << UInt64(member & 63)
        guard words[member >> 6] & bit == 0 else { return }
        words[member >> 6] |= bit
        fingerprint ^= Self.mix(member)
    }

    mutating func remove(_ member: Int) {
        let bit: UInt64 = 1 << UInt64(member & 63)
        guard words[member >> 6] & bit != 0 else { return }
        words[member >> 6] &= ~bit
        fingerprint ^= Self.mix(member)
    }

    /// Whether every member of this set is in `other` (a set of the same capacity).
    func isSubset(of other: Bitset) -> Bool {
        for (mine, theirs) in zip(words, other.words) where mine & ~theirs != 0 { return false }
        return true
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    static func == (lhs: Bitset, rhs: Bitset) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    /// SplitMix64's finaliser: members' mixes are independent enough that xors rarely collide.
    private static func mix(_ member: Int) -> UInt64 {
        var z = UInt64(truncatingIfNeeded: member) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
