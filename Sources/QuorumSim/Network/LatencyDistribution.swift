import Foundation

/// How long a message takes on a link: a distribution over whole microseconds.
///
/// Every draw comes from the run's seeded generator, and none is below `floor`, so a message
/// never arrives before it could have. Reordering is not a separate knob: two messages on one
/// link whose delays differ simply overtake each other.
public enum LatencyDistribution: Sendable, Equatable, CustomStringConvertible {
    case constant(SimTime)
    /// Uniform over the closed range `[low, high]`.
    case uniform(low: SimTime, high: SimTime)
    /// Exponential with the given mean, shifted up by nothing and cut below at `floor`.
    case exponential(mean: SimTime, floor: SimTime)
    /// Normal (Gaussian) with the given mean and standard deviation, cut below at `floor`.
    case normal(mean: SimTime, deviation: SimTime, floor: SimTime)

    /// The words `sim info` and error messages use for the accepted forms.
    public static let accepts =
        "a latency: a duration like 5ms, or uniform(1ms,10ms), exp(20ms), normal(20ms,5ms); exp and normal take an optional floor, like exp(20ms,floor=2ms)"

    /// Draws one delay.
    @inlinable
    public func sample(_ random: inout SplitMix64) -> SimTime {
        switch self {
        case .constant(let delay):
            return delay
        case .uniform(let low, let high):
            let span = UInt64(high - low) &+ 1
            return low + SimTime(random.next(upperBound: span))
        case .exponential(let mean, let floor):
            // 1 - u is in (0, 1], so the logarithm is finite.
            let draw = -Double(mean) * Foundation.log(1 - random.nextUnit())
            return max(floor, SimTime(min(draw, 9.0e15).rounded()))
        case .normal(let mean, let deviation, let floor):
            // Box–Muller; two uniform draws per sample keeps the stream's use fixed per call.
            let u1 = 1 - random.nextUnit()
            let u2 = random.nextUnit()
            let z = (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            let draw = Double(mean) + z * Double(deviation)
            return max(floor, SimTime(max(0, min(draw, 9.0e15)).rounded()))
        }
    }

    /// The mean delay, before the floor cuts in; for documentation and sanity checks.
    public var nominalMean: SimTime {
        switch self {
        case .constant(let delay): delay
        case .uniform(let low, let high): (low + high) / 2
        case .exponential(let mean, _): mean
        case .normal(let mean, _, _): mean
        }
    }

    /// Written back the way a learner types it.
    public var description: String {
        func floorText(_ floor: SimTime) -> String { floor == 0 ? "" : ",floor=\(SimDuration.format(floor))" }
        switch self {
        case .constant(let delay): return SimDuration.format(delay)
        case .uniform(let low, let high): return "uniform(\(SimDuration.format(low)),\(SimDuration.format(high)))"
        case .exponential(let mean, let floor): return "exp(\(SimDuration.format(mean))\(floorText(floor)))"
        case .normal(let mean, let deviation, let floor):
            return "normal(\(SimDuration.format(mean)),\(SimDuration.format(deviation))\(floorText(floor)))"
        }
    }

    /// Parses `5ms`, `uniform(1ms,10ms)`, `exp(20ms)`, `normal(20ms,5ms)`, with an optional
    /// `floor=` argument for `exp` and `normal`.
    public static func parse(_ text: String) throws(FaultSyntaxError) -> LatencyDistribution {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let open = trimmed.firstIndex(of: "(") else {
            guard let delay = SimDuration.parse(trimmed) else {
                throw FaultSyntaxError("'\(text)' is not a duration or a distribution")
            }
            return .constant(delay)
        }
        guard trimmed.hasSuffix(")") else { throw FaultSyntaxError("'\(text)' is missing its closing ')'") }
        let name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        let inside = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var positional: [SimTime] = []
        var floor: SimTime = 0
        for argument in inside.split(separator: ",", omittingEmptySubsequences: false) {
            let part = argument.trimmingCharacters(in: .whitespaces)
            if part.hasPrefix("floor=") {
                guard let value = SimDuration.parse(String(part.dropFirst("floor=".count))) else {
                    throw FaultSyntaxError("'\(part)' needs a duration after floor=, like floor=1ms")
                }
                floor = value
            } else {
                guard let value = SimDuration.parse(part) else {
                    throw FaultSyntaxError("'\(part)' in '\(text)' is not a duration")
                }
                positional.append(value)
            }
        }
        switch name {
        case "uniform":
            guard positional.count == 2 else { throw FaultSyntaxError("uniform takes two durations, low and high") }
            guard positional[0] <= positional[1] else {
                throw FaultSyntaxError(
                    "uniform's low bound \(SimDuration.format(positional[0])) is above its high bound")
            }
            guard floor == 0 else { throw FaultSyntaxError("uniform has a low bound already; it takes no floor") }
            return .uniform(low: positional[0], high: positional[1])
        case "exp", "exponential":
            guard positional.count == 1 else { throw FaultSyntaxError("exp takes one duration, the mean") }
            return .exponential(mean: positional[0], floor: floor)
        case "normal":
            guard positional.count == 2 else {
                throw FaultSyntaxError("normal takes two durations, the mean and the standard deviation")
            }
            return .normal(mean: positional[0], deviation: positional[1], floor: floor)
        case "constant", "const":
            guard positional.count == 1, floor == 0 else { throw FaultSyntaxError("constant takes one duration") }
            return .constant(positional[0])
        default:
            throw FaultSyntaxError("unknown distribution '\(name)'")
        }
    }
}

/// A fault-vocabulary value that does not parse: what is wrong with it, in words.
public struct FaultSyntaxError: Error, Equatable, CustomStringConvertible {
    public var problem: String

    public init(_ problem: String) {
        self.problem = problem
    }

    public var description: String { problem }
}
