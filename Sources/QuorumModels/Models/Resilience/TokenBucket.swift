import QuorumSim

/// A token bucket: it holds at most `burst` tokens, gains `rate` tokens per second, and each
/// request that takes a token passes. It lets a burst of up to `burst` requests through at once
/// and, over any stretch of time `t`, at most `burst + rate·t` in all.
public struct TokenBucket: Sendable, Equatable {
    public let rate: Double
    public let burst: Double
    public private(set) var tokens: Double
    private var updated: SimTime

    /// A full bucket at time `start`.
    public init(rate: Double, burst: Int, at start: SimTime = 0) {
        self.rate = rate
        self.burst = Double(burst)
        tokens = Double(burst)
        updated = start
    }

    /// Takes a token if there is one at `now`; false means the request is rejected.
    public mutating func take(at now: SimTime) -> Bool {
        refill(at: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Adds the tokens earned since the last look, up to `burst`.
    public mutating func refill(at now: SimTime) {
        guard now > updated else { return }
        tokens = min(burst, tokens + rate * Double(now - updated) / Double(SimDuration.second))
        updated = now
    }
}
