/// A small, fast, seeded generator (Steele, Lea and Flood's SplitMix64).
///
/// Every run owns one, seeded from the run's seed, so the same seed gives the same run in every
/// process. `split()` derives an independent stream (for a node, say) without disturbing the
/// order in which the parent's numbers are drawn by anyone else.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A new generator whose stream is independent of this one's.
    public mutating func split() -> SplitMix64 {
        SplitMix64(seed: next() ^ 0x6A09_E667_F3BC_C909)
    }

    /// A uniformly distributed `Double` in `[0, 1)`, from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// A stable 64-bit hash (FNV-1a) for deriving seeds from names.
///
/// Swift's `Hasher` is seeded per process, so it must never feed a simulation or a shuffle.
public func stableHash(_ text: String, into seed: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
    var hash = seed
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01B3
    }
    return hash
}
