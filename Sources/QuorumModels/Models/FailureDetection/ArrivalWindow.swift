import Foundation
import QuorumSim

/// The recent gaps between one node's heartbeats, and the suspicion level φ they imply: the
/// state of a φ accrual failure detector (Hayashibara, Défago, Yared and Katayama, 2004).
///
/// φ after a silence of t is −log10 of the probability that a gap is longer than t, under a
/// normal distribution with the window's mean and standard deviation. φ = 1 means a gap this long
/// happens once in ten heartbeats, φ = 8 once in a hundred million. The window starts as Akka's
/// does, with two samples a quarter of the expected interval either side of it, so a detector
/// has an opinion before the first gap is measured.
struct ArrivalWindow {
    let capacity: Int
    /// The smallest standard deviation assumed, in microseconds, so a perfectly regular stream
    /// does not make the detector suspect at the first late microsecond (Akka's
    /// `min-std-deviation`).
    let minimumDeviation: Double
    /// Gaps in microseconds, oldest first once the window is full (a ring from `next`).
    private(set) var samples: [Double] = []
    private var next = 0

    init(capacity: Int, expectedInterval: SimTime, minimumDeviation: SimTime) {
        self.capacity = max(2, capacity)
        self.minimumDeviation = Double(minimumDeviation)
        let quarter = Double(expectedInterval) / 4
        record(Double(expectedInterval) - quarter)
        record(Double(expectedInterval) + quarter)
    }

    /// Adds the gap between two heartbeats, forgetting the oldest once the window is full.
    mutating func record(_ gap: SimTime) {
        record(Double(gap))
    }

    private mutating func record(_ gap: Double) {
        if samples.count < capacity {
            samples.append(gap)
        } else {
            samples[next] = gap
            next = (next + 1) % capacity
        }
    }

    var mean: Double { samples.reduce(0, +) / Double(samples.count) }

    /// The window's standard deviation, never below `minimumDeviation`.
    var deviation: Double {
        let mean = mean
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        return max(variance.squareRoot(), minimumDeviation)
    }

    /// φ after `elapsed` microseconds without a heartbeat.
    func phi(after elapsed: SimTime) -> Double {
        Self.phi(z: (Double(elapsed) - mean) / deviation)
    }

    /// How long a silence makes φ exceed `threshold`: the first whole microsecond past
    /// mean + z·deviation, where z is the normal quantile that `threshold` names.
    func suspicionDelay(quantile z: Double) -> SimTime {
        let delay = mean + z * deviation
        return max(1, SimTime(delay.rounded(.down)) + 1)
    }

    /// −log10 of the normal distribution's upper tail at z: φ for a silence z standard
    /// deviations past the mean.
    static func phi(z: Double) -> Double {
        let tail = 0.5 * erfc(z / 2.0.squareRoot())
        return tail > 0 ? -log10(tail) : .infinity
    }

    /// The z at which φ reaches `threshold`, by bisection (φ rises with z).
    static func quantile(forThreshold threshold: Double) -> Double {
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if phi(z: middle) < threshold { low = middle } else { high = middle }
        }
        return high
    }
}
