import QuorumModels
import Testing

@Suite struct CircuitBreakerTests {
    @Test func opensAfterThresholdFailuresInARow() {
        var breaker = CircuitBreaker(threshold: 3, probes: 1)
        let generation = breaker.admit() ?? -1
        #expect(breaker.record(success: false, generation: generation) == .none)
        #expect(breaker.record(success: false, generation: generation) == .none)
        // A success in between starts the count again.
        #expect(breaker.record(success: true, generation: generation) == .none)
        #expect(breaker.record(success: false, generation: generation) == .none)
        #expect(breaker.record(success: false, generation: generation) == .none)
        #expect(breaker.record(success: false, generation: generation) == .opened)
        #expect(breaker.state == .open)
        #expect(breaker.admit() == nil)
    }

    @Test func halfOpenLetsTheProbesThroughAndClosesWhenTheyAllSucceed() {
        var breaker = CircuitBreaker(threshold: 1, probes: 2)
        _ = breaker.record(success: false, generation: breaker.admit() ?? -1)
        let wentHalfOpen = breaker.halfOpen()
        #expect(wentHalfOpen)
        #expect(breaker.state == .halfOpen)
        let first = breaker.admit()
        let second = breaker.admit()
        #expect(first != nil && second != nil)
        #expect(breaker.admit() == nil)  // only two trial calls
        #expect(breaker.record(success: true, generation: first ?? -1) == .none)
        #expect(breaker.record(success: true, generation: second ?? -1) == .closed)
        #expect(breaker.state == .closed)
    }

    @Test func aFailedProbeOpensItAgain() {
        var breaker = CircuitBreaker(threshold: 1, probes: 1)
        _ = breaker.record(success: false, generation: breaker.admit() ?? -1)
        breaker.halfOpen()
        #expect(breaker.record(success: false, generation: breaker.admit() ?? -1) == .opened)
        #expect(breaker.state == .open)
        var closed = CircuitBreaker(threshold: 1, probes: 1)
        let changed = closed.halfOpen()
        #expect(!changed)  // a closed breaker stays closed
    }

    @Test func outcomesOfCallsFromAnEarlierStateAreIgnored() {
        // Calls let through while closed may answer after the breaker opened: their outcome
        // says nothing about the trial, so it neither closes nor reopens the breaker.
        var breaker = CircuitBreaker(threshold: 1, probes: 1)
        let old = breaker.admit() ?? -1
        let older = breaker.admit() ?? -1
        #expect(breaker.record(success: false, generation: old) == .opened)
        breaker.halfOpen()
        #expect(breaker.record(success: true, generation: older) == .none)
        #expect(breaker.state == .halfOpen)
    }
}
