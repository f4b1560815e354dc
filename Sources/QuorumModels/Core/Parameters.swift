import Foundation
import QuorumSim

/// What values a parameter accepts.
public enum ParameterType: Sendable, Equatable {
    case int(ClosedRange<Int>)
    case double(ClosedRange<Double>)
    /// Virtual microseconds.
    case duration(ClosedRange<SimTime>)
    /// A range of durations, `low..high`, each end within the bounds (a random timeout's range).
    case durationRange(ClosedRange<SimTime>)
    case choice([String])
    case bool
    /// A latency distribution: `5ms`, `uniform(1ms,10ms)`, `exp(20ms)`, `normal(20ms,5ms)`.
    case latency
    /// A partition's groups, or `none`.
    case partition
    /// A moment in the run, or `never`.
    case moment
    /// Node faults at planned times: `n1@2s,n3@5s`, or `none`.
    case nodeFaults(leaderAllowed: Bool)
    /// Per-node clock offsets (`n2=+50ms`) or drift rates (`n2=+100ppm`), or `none`.
    case clocks(ppm: Bool)
    /// Per-link latency overrides: `n1-n3=100ms;n2>n3=exp(5ms)`, or `none`.
    case links
    /// One event of the run, `n1:3`, or `none`.
    case event

    /// The accepted values in words, for error messages and `sim info`.
    public var accepts: String {
        switch self {
        case .int(let range): "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .double(let range): "a number from \(format(range.lowerBound)) to \(format(range.upperBound))"
        case .duration(let range):
            "a duration from \(SimDuration.format(range.lowerBound)) to \(SimDuration.format(range.upperBound)) (like 50ms or 2s)"
        case .durationRange(let bounds):
            "a range low..high of durations from \(SimDuration.format(bounds.lowerBound)) to \(SimDuration.format(bounds.upperBound)), like 150ms..300ms"
        case .choice(let options): "one of " + options.joined(separator: ", ")
        case .bool: "on or off"
        case .latency: LatencyDistribution.accepts
        case .partition: PartitionSpec.accepts + ", or none"
        case .moment: "a time like 5s, or never"
        case .nodeFaults(let leaderAllowed):
            leaderAllowed
                ? ScheduledNodeFault.accepts + ", or none"
                : "node@time, comma-separated, like n1@4s or \"n1@4s,n3@6s\", or none"
        case .clocks(let ppm): (ppm ? NodeClockSetting.acceptsDrift : NodeClockSetting.acceptsSkew) + ", or none"
        case .links: LinkLatency.accepts + ", or none"
        case .event: EventReference.accepts
        }
    }
}

/// A parameter's value once checked against its type.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case duration(SimTime)
    case durationRange(ClosedRange<SimTime>)
    case choice(String)
    case bool(Bool)
    case latency(LatencyDistribution)
    case partition(PartitionSpec?)
    case moment(SimTime?)
    case nodeFaults([ScheduledNodeFault])
    case clocks([NodeClockSetting])
    case links([LinkLatency])
    case event(EventReference?)

    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): format(value)
        case .duration(let value): SimDuration.format(value)
        case .durationRange(let value):
            SimDuration.format(value.lowerBound) + ".." + SimDuration.format(value.upperBound)
        case .choice(let value): value
        case .bool(let value): value ? "on" : "off"
        case .latency(let value): value.description
        case .partition(let value): value.map { "\"\($0)\"" } ?? "none"
        case .moment(let value): value.map(SimDuration.format) ?? "never"
        case .nodeFaults(let faults): faults.isEmpty ? "none" : faults.map(\.description).joined(separator: ",")
        case .clocks(let settings): settings.isEmpty ? "none" : settings.map(\.description).joined(separator: ",")
        case .links(let links): links.isEmpty ? "none" : links.map(\.description).joined(separator: ";")
        case .event(let event): event?.description ?? "none"
        }
    }
}

/// One documented parameter of a model.
public struct ParameterSpec: Sendable, Equatable {
    public var name: String
    public var type: ParameterType
    public var defaultValue: ParameterValue
    public var doc: String

    public init(_ name: String, _ type: ParameterType, default defaultValue: ParameterValue, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
    }

    /// Checks `text` against this parameter's type and range.
    public func parse(_ text: String) throws(ParameterError) -> ParameterValue {
        let raw = text.trimmingCharacters(in: .whitespaces)
        // Built only on failure: lessons are checked at start-up, and most values are fine.
        var invalid: ParameterError { .invalidValue(parameter: name, value: text, accepts: type.accepts) }
        switch type {
        case .int(let range):
            guard let value = Int(raw), range.contains(value) else { throw invalid }
            return .int(value)
        case .double(let range):
            guard let value = Double(raw), value.isFinite, range.contains(value) else { throw invalid }
            return .double(value)
        case .duration(let range):
            guard let value = SimDuration.parse(raw), range.contains(value) else { throw invalid }
            return .duration(value)
        case .durationRange(let bounds):
            return .durationRange(try parseRange(raw, within: bounds, original: text))
        case .choice(let options):
            guard let match = options.first(where: { $0.lowercased() == raw.lowercased() }) else { throw invalid }
            return .choice(match)
        case .bool:
            switch raw.lowercased() {
            case "on", "true", "yes", "1": return .bool(true)
            case "off", "false", "no", "0": return .bool(false)
            default: throw invalid
            }
        case .latency:
            do throws(FaultSyntaxError) {
                return .latency(try LatencyDistribution.parse(raw))
            } catch {
                throw .invalidSetting(
                    parameter: name, value: text, problem: "\(error.problem); expected \(type.accepts)")
            }
        case .moment:
            if raw.lowercased() == "never" { return .moment(nil) }
            guard let value = SimDuration.parse(raw) else { throw invalid }
            return .moment(value)
        case .event:
            if ["none", "\"\"", ""].contains(raw.lowercased()) { return .event(nil) }
            guard let event = EventReference.parse(raw) else { throw invalid }
            return .event(event)
        case .partition, .nodeFaults, .clocks, .links:
            if ["none", "\"\"", ""].contains(raw.lowercased()) { return emptyValue }
            do throws(FaultSyntaxError) {
                return try parseFault(raw)
            } catch {
                throw .invalidSetting(
                    parameter: name, value: text, problem: "\(error.problem); expected \(type.accepts)")
            }
        }
    }

    /// `low..high`, or one duration for a range with no spread; each end within `bounds`.
    private func parseRange(_ raw: String, within bounds: ClosedRange<SimTime>, original: String) throws(ParameterError)
        -> ClosedRange<SimTime>
    {
        let parts = raw.components(separatedBy: "..")
        var ends: [SimTime] = []
        for part in parts {
            guard let value = SimDuration.parse(part) else {
                throw .invalidValue(parameter: name, value: original, accepts: type.accepts)
            }
            ends.append(value)
        }
        guard let low = ends.first, let high = ends.last, ends.count <= 2 else {
            throw .invalidValue(parameter: name, value: original, accepts: type.accepts)
        }
        guard low <= high else {
            throw .invalidSetting(
                parameter: name, value: original,
                problem:
                    "the low end \(SimDuration.format(low)) is above the high end \(SimDuration.format(high)); write low..high, like \(SimDuration.format(high))..\(SimDuration.format(low))"
            )
        }
        for end in [low, high] where !bounds.contains(end) {
            throw .invalidSetting(
                parameter: name, value: original,
                problem:
                    "\(SimDuration.format(end)) is outside \(SimDuration.format(bounds.lowerBound))..\(SimDuration.format(bounds.upperBound)); expected \(type.accepts)"
            )
        }
        return low...high
    }

    private var emptyValue: ParameterValue {
        switch type {
        case .partition: .partition(nil)
        case .nodeFaults: .nodeFaults([])
        case .clocks: .clocks([])
        default: .links([])
        }
    }

    private func parseFault(_ raw: String) throws(FaultSyntaxError) -> ParameterValue {
        switch type {
        case .partition:
            return .partition(try PartitionSpec.parse(raw))
        case .nodeFaults(let leaderAllowed):
            let faults = try ScheduledNodeFault.parseList(raw)
            if !leaderAllowed, faults.contains(where: { $0.target == .leader }) {
                throw FaultSyntaxError("name the node, not the leader")
            }
            return .nodeFaults(faults)
        case .clocks(let ppm):
            return .clocks(try NodeClockSetting.parseList(raw, ppm: ppm))
        default:
            return .links(try LinkLatency.parseList(raw))
        }
    }
}

/// A parameter problem, worded for the learner: what was wrong, and what would be right.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
    case unknownParameter(name: String, model: String, suggestion: String?)
    case invalidValue(parameter: String, value: String, accepts: String)
    case malformedAssignment(String)
    /// A value of the right shape that still cannot be used, with the reason.
    case invalidSetting(parameter: String, value: String, problem: String)

    public var description: String {
        switch self {
        case .unknownParameter(let name, let model, let suggestion):
            "unknown parameter '\(name)' for model '\(model)'"
                + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case .invalidValue(let parameter, let value, let accepts):
            "invalid value '\(value)' for '\(parameter)': expected \(accepts)"
        case .malformedAssignment(let text):
            "'\(text)' is not a parameter setting: write name=value, like loss=0.1"
        case .invalidSetting(let parameter, let value, let problem):
            "invalid value '\(value)' for '\(parameter)': \(problem)"
        }
    }
}

/// A model's parameters after defaults and overrides: every spec has a value.
public struct Parameters: Sendable, Equatable {
    /// In the model's declaration order, so printing them is stable.
    public private(set) var values: [(name: String, value: ParameterValue)]

    public static func == (lhs: Parameters, rhs: Parameters) -> Bool {
        lhs.values.elementsEqual(rhs.values) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Defaults for every spec, with `overrides` (name, text) applied in order.
    public init(specs: [ParameterSpec], model: String, overrides: [(String, String)]) throws(ParameterError) {
        values = specs.map { ($0.name, $0.defaultValue) }
        for (name, text) in overrides {
            guard let index = specs.firstIndex(where: { $0.name == name }) else {
                throw .unknownParameter(
                    name: name, model: model, suggestion: closestMatch(to: name, in: specs.map(\.name)))
            }
            values[index].value = try specs[index].parse(text)
        }
    }

    public subscript(name: String) -> ParameterValue? {
        values.first { $0.name == name }?.value
    }

    public func int(_ name: String) -> Int {
        if case .int(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as int, but it is \(String(describing: self[name]))")
    }

    public func double(_ name: String) -> Double {
        if case .double(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as double, but it is \(String(describing: self[name]))")
    }

    public func duration(_ name: String) -> SimTime {
        if case .duration(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as duration, but it is \(String(describing: self[name]))")
    }

    public func durationRange(_ name: String) -> ClosedRange<SimTime> {
        if case .durationRange(let value) = self[name] { return value }
        preconditionFailure(
            "model reads parameter '\(name)' as a duration range, but it is \(String(describing: self[name]))")
    }

    public func choice(_ name: String) -> String {
        if case .choice(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as choice, but it is \(String(describing: self[name]))")
    }

    public func latency(_ name: String) -> LatencyDistribution {
        if case .latency(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as latency, but it is \(String(describing: self[name]))")
    }

    public func event(_ name: String) -> EventReference? {
        if case .event(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as event, but it is \(String(describing: self[name]))")
    }

    public func bool(_ name: String) -> Bool {
        if case .bool(let value) = self[name] { return value }
        preconditionFailure("model reads parameter '\(name)' as bool, but it is \(String(describing: self[name]))")
    }
}

/// Splits `name=value` words; a word without `=` is an error that says how to write one.
public func parseAssignments(_ words: [String]) throws(ParameterError) -> [(String, String)] {
    try words.map { word throws(ParameterError) in
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
            throw .malformedAssignment(word)
        }
        let name = word[..<equals].trimmingCharacters(in: .whitespaces)
        let value = String(word[word.index(after: equals)...])
        guard !name.isEmpty, !value.isEmpty else { throw .malformedAssignment(word) }
        return (name, value)
    }
}

func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
