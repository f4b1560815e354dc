import QuorumSim

/// A named metric a model reports; lessons and predict questions cite it by name.
public struct MetricSpec: Sendable, Equatable {
    public var name: String
    public var doc: String

    public init(_ name: String, doc: String) {
        self.name = name
        self.doc = doc
    }
}

/// One moment worth telling the learner about ("1.204s  c1 gave up on request 7").
public struct NarrativeLine: Sendable, Equatable {
    public var time: SimTime
    public var text: String

    public init(time: SimTime, text: String) {
        self.time = time
        self.text = text
    }
}

/// The result of one run: what a lesson shows and what a predict question reads.
public struct SimulationRun: Sendable, Equatable {
    public var model: String
    public var seed: UInt64
    public var parameters: Parameters
    /// In the model's declared order.
    public var metrics: [(name: String, value: Double)]
    public var narrative: [NarrativeLine]
    /// Virtual time at which the run ended.
    public var endTime: SimTime

    public init(
        model: String, seed: UInt64, parameters: Parameters, metrics: [(name: String, value: Double)],
        narrative: [NarrativeLine], endTime: SimTime
    ) {
        self.model = model
        self.seed = seed
        self.parameters = parameters
        self.metrics = metrics
        self.narrative = narrative
        self.endTime = endTime
    }

    public func metric(_ name: String) -> Double? {
        metrics.first { $0.name == name }?.value
    }

    public static func == (lhs: SimulationRun, rhs: SimulationRun) -> Bool {
        lhs.model == rhs.model && lhs.seed == rhs.seed && lhs.parameters == rhs.parameters
            && lhs.metrics.elementsEqual(rhs.metrics) { $0.name == $1.name && $0.value == $1.value }
            && lhs.narrative == rhs.narrative && lhs.endTime == rhs.endTime
    }
}

/// A documented, deterministic simulation that lessons embed by name.
public protocol SimulationModel: Sendable {
    /// Kebab-case, as lessons write it (`request-reply`).
    var name: String { get }
    /// One line for `sim list`.
    var summary: String { get }
    var parameters: [ParameterSpec] { get }
    var metrics: [MetricSpec] { get }
    /// Runs to completion. The same parameters and seed give the same run, in every process.
    func run(_ parameters: Parameters, seed: UInt64) -> SimulationRun
}

extension SimulationModel {
    /// Resolves `name=value` overrides against this model's parameters and runs it.
    public func run(overrides: [(String, String)], seed: UInt64) throws(ParameterError) -> SimulationRun {
        run(try Parameters(specs: parameters, model: name, overrides: overrides), seed: seed)
    }
}

/// The models lessons can name.
public struct ModelRegistry: Sendable {
    public let models: [any SimulationModel]

    public init(models: [any SimulationModel]) {
        self.models = models
    }

    /// Every model quorum ships, in the order `sim list` shows them.
    public static let standard = ModelRegistry(models: [RequestReplyModel()])

    public var names: [String] { models.map(\.name) }

    public func model(named name: String) -> (any SimulationModel)? {
        models.first { $0.name == name }
    }
}
