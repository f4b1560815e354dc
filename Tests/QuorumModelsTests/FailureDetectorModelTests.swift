import Foundation
import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct FailureDetectorModelTests {
    let model = FailureDetectorModel()

    func run(_ overrides: [(String, String)], seed: UInt64) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    func mean(_ overrides: [(String, String)], _ metric: String, seeds: ClosedRange<UInt64> = 1...40) throws -> Double {
        let values = try seeds.map { try run(overrides, seed: $0).metric(metric) ?? .nan }
        return values.reduce(0, +) / Double(values.count)
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([], seed: 1)
        #expect(result.metrics.map(\.name) == ["detection-time-ms", "false-suspicions", "requests-to-dead-node"])
        #expect(model.metrics.map(\.name) == result.metrics.map(\.name))
    }

    @Test(arguments: [150, 500])
    func aSteadyNetworkMakesDetectionTimeTheTimeoutLessTheLastGap(timeout: Int) async {
        // Constant 10 ms latency: n3's heartbeats arrive exactly 100 ms apart, so a timeout
        // above 100 ms never fires on a live node. n3's last heartbeat leaves at some s in
        // (4.9 s, 5 s] and arrives at s + 10 ms; the monitor suspects at s + 10 ms + timeout.
        // So detection takes timeout + 10 ms - (5 s - s), between timeout - 90 ms and
        // timeout + 10 ms, whatever the seed.
        await checkProperty(count: 60, input: Gen.uint64()) { seed in
            let result = try run([("latency", "10ms"), ("timeout", "\(timeout)ms")], seed: seed)
            let detection = try #require(result.metric("detection-time-ms"))
            #expect(detection > Double(timeout - 90) && detection <= Double(timeout + 10), "seed \(seed)")
            #expect(result.metric("false-suspicions") == 0)
        }
    }

    @Test func aShorterTimeoutDetectsSoonerAndSuspectsMoreLiveNodes() throws {
        // Over exp(20ms) latency a gap between heartbeats is 100 ms plus the difference of two
        // exponential delays, which exceeds 100 ms + x with probability about exp(-x / 20ms) / 2:
        // 18% of gaps pass 120 ms, 4% pass 150 ms, and about one in a billion passes 500 ms.
        // Detection takes the timeout, less the time since the last heartbeat arrived (half an
        // interval on average, minus the latency it arrived with): about the timeout - 30 ms.
        let timeouts = [120, 150, 200, 500]
        let suspicions = try timeouts.map { try mean([("timeout", "\($0)ms")], "false-suspicions") }
        let detections = try timeouts.map { try mean([("timeout", "\($0)ms")], "detection-time-ms") }
        for index in 1..<timeouts.count {
            #expect(suspicions[index] < suspicions[index - 1] || suspicions[index] == 0, "\(suspicions)")
        }
        #expect(suspicions[0] > 30, "\(suspicions)")
        #expect(suspicions[3] == 0, "\(suspicions)")
        for (timeout, detection) in zip(timeouts, detections) {
            #expect(detection > Double(timeout - 50) && detection < Double(timeout - 10), "\(detections)")
        }
    }

    @Test func phiAdaptsWhereAFixedTimeoutDoesNot() throws {
        // On a calm network (exp(5ms)) the gaps barely vary, so phi = 8 is reached about
        // 5.6 standard deviations (at least min-sd, 10 ms) past the 100 ms mean: some 156 ms
        // after the last heartbeat, well inside a 250 ms timeout. On a jittery one (exp(60ms))
        // the deviation is about 85 ms, so phi waits far longer than 250 ms, and suspects live
        // nodes much less often than the timeout, which has not moved.
        let calm = ("latency", "exp(5ms)")
        let jittery = ("latency", "exp(60ms)")
        let phi = ("detector", "phi")
        #expect(try mean([calm, phi], "detection-time-ms") < 140)
        #expect(try mean([calm], "detection-time-ms") > 180)
        #expect(try mean([jittery, phi], "detection-time-ms") > 300)
        let phiMistakes = try mean([jittery, phi], "false-suspicions")
        let timeoutMistakes = try mean([jittery], "false-suspicions")
        #expect(phiMistakes * 3 < timeoutMistakes, "phi \(phiMistakes), timeout \(timeoutMistakes)")
    }

    @Test func aHigherPhiThresholdTradesSpeedForAccuracy() throws {
        let thresholds = ["1", "3", "8"]
        let settings = thresholds.map { [("detector", "phi"), ("threshold", $0), ("latency", "exp(40ms)")] }
        let suspicions = try settings.map { try mean($0, "false-suspicions") }
        let detections = try settings.map { try mean($0, "detection-time-ms") }
        for index in 1..<thresholds.count {
            #expect(suspicions[index] < suspicions[index - 1], "\(suspicions)")
            #expect(detections[index] > detections[index - 1], "\(detections)")
        }
    }

    @Test func theHealthCheckedBalancerStopsSendingToTheDeadNode() async {
        // Requests arrive at the same moments whatever the balancer does (the same seed draws
        // the same gaps). A static balancer sends every fourth one to n3 for the 5 s it is
        // down: about 20/s x 5 s / 4 = 25. A health-checked one only until the monitor
        // suspects n3, about a quarter second: one or two.
        var health = 0.0
        var blind = 0.0
        await checkProperty(count: 40, input: Gen.uint64()) { seed in
            let checked = try #require(try run([], seed: seed).metric("requests-to-dead-node"))
            let fixed = try #require(try run([("balancer", "static")], seed: seed).metric("requests-to-dead-node"))
            #expect(checked <= fixed)
            health += checked
            blind += fixed
        }
        #expect(blind / 40 > 20 && blind / 40 < 30, "static: \(blind / 40)")
        #expect(health / 40 < 3, "health-checked: \(health / 40)")
    }

    @Test func nothingCrashedMeansNothingToDetect() async {
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let result = try run([("crash", "none"), ("balancer", "static")], seed: seed)
            #expect(result.metric("detection-time-ms") == 0)
            #expect(result.metric("requests-to-dead-node") == 0)
        }
    }

    @Test func aPausedNodeIsSuspectedThoughItIsAlive() async {
        // A one-second pause silences n2 for four timeouts; with steady latency nothing else
        // is ever late, so that is exactly one false suspicion, and n3's real crash is still
        // caught within the bounds of the steady-network test.
        await checkProperty(count: 40, input: Gen.uint64()) { seed in
            let result = try run([("latency", "10ms"), ("pause", "n2@2s"), ("resume", "n2@3s")], seed: seed)
            #expect(result.metric("false-suspicions") == 1)
            let detection = try #require(result.metric("detection-time-ms"))
            #expect(detection > 160 && detection <= 260)
        }
    }

    @Test func aNodeCutOffByAPartitionIsSuspectedAndTrustedAgainWhenItHeals() throws {
        let result = try model.run(
            overrides: [
                ("latency", "10ms"), ("crash", "none"), ("partition", "n2|c1"), ("partition-at", "2s"),
                ("heal-at", "4s"),
            ],
            seed: 3)
        #expect(result.metric("false-suspicions") == 1)
        let states = result.trace.compactMap { event -> String? in
            guard case .state(node: 1, let text) = event.kind else { return nil }
            return text
        }
        #expect(states == ["trusted by c1", "suspected by c1", "trusted by c1 again"])
    }

    @Test func aCrashUndoneBeforeAnyoneNoticedIsNotCounted() throws {
        // n3 is down for 50 ms, less than a heartbeat interval: the monitor cannot notice and
        // is not charged for it, so there is no crash to time.
        let result = try run([("latency", "10ms"), ("restart", "n3@5.05s")], seed: 1)
        #expect(result.metric("detection-time-ms") == 0)
        #expect(result.metric("false-suspicions") == 0)
    }

    @Test func phiIsMinusLogTenOfTheNormalTail() {
        // At the mean half of all gaps are longer: phi = -log10(1/2). At the 8 threshold the
        // tail is 1e-8, about 5.61 standard deviations out (the normal quantile).
        #expect(abs(ArrivalWindow.phi(z: 0) - log10(2)) < 1e-12)
        let z = ArrivalWindow.quantile(forThreshold: 8)
        #expect(abs(z - 5.612) < 0.001)
        #expect(abs(ArrivalWindow.phi(z: z) - 8) < 1e-9)
        var window = ArrivalWindow(capacity: 4, expectedInterval: 100_000, minimumDeviation: 1)
        // Two seeded samples, 75 ms and 125 ms: mean 100 ms, deviation 25 ms.
        #expect(window.mean == 100_000 && window.deviation == 25_000)
        for gap in [100_000, 100_000, 100_000, 100_000] as [SimTime] { window.record(gap) }
        // The seeds have slid out; all gaps equal, so the deviation is the floor of 1 us.
        #expect(window.mean == 100_000 && window.deviation == 1)
        #expect(window.suspicionDelay(quantile: z) == 100_006)
    }
}
