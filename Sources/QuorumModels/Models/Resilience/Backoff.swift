import QuorumSim

/// How a client waits before it tries a failed call again, as Marc Brooker compared the
/// strategies in "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015).
///
/// `retry` counts retries from 0, so the first retry of `exponential` waits `base`, the second
/// `2·base`, and so on up to `cap`.
public enum RetryStrategy: String, CaseIterable, Sendable {
    /// One try and no retry.
    case none
    /// Retry at once, with no wait.
    case immediate
    /// `min(cap, base·2^retry)`: the same wait for every client that failed together.
    case exponential
    /// A uniform draw from `0...min(cap, base·2^retry)`.
    case fullJitter = "full-jitter"
    /// Half the exponential wait, plus a uniform draw from the other half.
    case equalJitter = "equal-jitter"
    /// `min(cap, uniform(base, 3·previous))`, starting from `previous = base`.
    case decorrelatedJitter = "decorrelated-jitter"
}

/// The wait before each retry under one strategy.
public struct Backoff: Sendable, Equatable {
    public var strategy: RetryStrategy
    public var base: SimTime
    public var cap: SimTime

    public init(_ strategy: RetryStrategy, base: SimTime, cap: SimTime) {
        self.strategy = strategy
        self.base = base
        self.cap = cap
    }

    /// `min(cap, base·2^retry)`, without overflowing for large `retry`.
    public func exponential(retry: Int) -> SimTime {
        guard retry < 62, base <= cap >> retry else { return cap }
        return min(cap, base << retry)
    }

    /// The wait before retry number `retry` (0 for the first), given the wait before the last
    /// retry (`base` before the first), drawing any randomness from `random`.
    public func wait(retry: Int, previous: SimTime, random: inout SplitMix64) -> SimTime {
        switch strategy {
        case .none, .immediate:
            return 0
        case .exponential:
            return exponential(retry: retry)
        case .fullJitter:
            return uniform(0, exponential(retry: retry), &random)
        case .equalJitter:
            let ceiling = exponential(retry: retry)
            return ceiling / 2 + uniform(0, ceiling - ceiling / 2, &random)
        case .decorrelatedJitter:
            let high = previous > SimTime.max / 3 ? SimTime.max : previous * 3
            return min(cap, uniform(base, max(base, high), &random))
        }
    }

    /// A whole number of microseconds drawn uniformly from `low...high`.
    private func uniform(_ low: SimTime, _ high: SimTime, _ random: inout SplitMix64) -> SimTime {
        guard high > low else { return low }
        return low + SimTime(random.next(upperBound: UInt64(high - low) &+ 1))
    }
}
