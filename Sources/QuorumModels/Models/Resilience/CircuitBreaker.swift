import QuorumSim

/// A circuit breaker around calls to one dependency, as Michael Nygard describes it in
/// "Release It!" (2007): closed, it lets calls through and counts failures in a row; after
/// `threshold` of them it opens and refuses every call at once for `openFor`; then it goes
/// half-open and lets `probes` trial calls through: if they all succeed it closes, and the first
/// failure opens it again.
///
/// Outcomes are counted only for calls let through in the breaker's current state (its
/// `generation`): a reply to a call made before the breaker opened says nothing about the
/// dependency's health after it.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case closed
        case open
        case halfOpen = "half-open"
    }

    /// What a call's outcome did to the breaker.
    public enum Change: Sendable, Equatable {
        case none
        case opened
        case closed
    }

    public let threshold: Int
    public let probes: Int
    public private(set) var state = State.closed
    /// Bumped on every change of state; a call carries the generation that let it through.
    public private(set) var generation = 0
    /// Failures in a row while closed.
    public private(set) var failures = 0
    /// Trial calls let through, and how many of them succeeded, while half-open.
    public private(set) var probesSent = 0
    public private(set) var probesSucceeded = 0

    public init(threshold: Int, probes: Int) {
        self.threshold = max(1, threshold)
        self.probes = max(1, probes)
    }

    /// Asks to make a call: the generation to tag it with, or nil if the breaker refuses it.
    public mutating func admit() -> Int? {
        switch state {
        case .closed:
            return generation
        case .open:
            return nil
        case .halfOpen:
            guard probesSent < probes else { return nil }
            probesSent += 1
            return generation
        }
    }

    /// Records how a call let through in `generation` ended.
    public mutating func record(success: Bool, generation callGeneration: Int) -> Change {
        guard callGeneration == generation else { return .none }
        switch state {
        case .closed:
            if success {
                failures = 0
                return .none
            }
            failures += 1
            guard failures >= threshold else { return .none }
            enter(.open)
            return .opened
        case .open:
            return .none
        case .halfOpen:
            guard success else {
                enter(.open)
                return .opened
            }
            probesSucceeded += 1
            guard probesSucceeded >= probes else { return .none }
            enter(.closed)
            return .closed
        }
    }

    /// The open period is over: let trial calls through. False if the breaker was not open.
    @discardableResult
    public mutating func halfOpen() -> Bool {
        guard state == .open else { return false }
        enter(.halfOpen)
        return true
    }

    private mutating func enter(_ next: State) {
        state = next
        generation += 1
        failures = 0
        probesSent = 0
        probesSucceeded = 0
    }
}
