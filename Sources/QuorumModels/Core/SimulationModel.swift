import QuorumCheck
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
    /// The run's processes, nodes first; trace events refer to them by index.
    public var names: [String]
    /// What happened, at the detail the run was traced with.
    public var trace: [TraceEvent]
    /// What the clients did, for the consistency checkers; nil for models without clients.
    public var history: History?
    /// True when the trace hit its size limit and holds only the run's beginning.
    public var traceTruncated = false
    /// Pictures of the run besides its trace, such as a trace waterfall; most runs have none.
    public var views: [RunView] = []

    public init(
        model: String, seed: UInt64, parameters: Parameters, metrics: [(name: String, value: Double)],
        narrative: [NarrativeLine], endTime: SimTime, names: [String] = [], trace: [TraceEvent] = [],
        history: History? = nil
    ) {
        self.model = model
        self.seed = seed
        self.parameters = parameters
        self.metrics = metrics
        self.narrative = narrative
        self.endTime = endTime
        self.names = names
        self.trace = trace
        self.history = history
    }

    public func metric(_ name: String) -> Double? {
        metrics.first { $0.name == name }?.value
    }

    public static func == (lhs: SimulationRun, rhs: SimulationRun) -> Bool {
        lhs.model == rhs.model && lhs.seed == rhs.seed && lhs.parameters == rhs.parameters
            && lhs.metrics.elementsEqual(rhs.metrics) { $0.name == $1.name && $0.value == $1.value }
            && lhs.narrative == rhs.narrative && lhs.endTime == rhs.endTime && lhs.names == rhs.names
            && lhs.trace == rhs.trace && lhs.history == rhs.history && lhs.traceTruncated == rhs.traceTruncated
            && lhs.views == rhs.views
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
    /// Whether the model elects or appoints a leader, so `crash=leader@2s` means something.
    var hasLeader: Bool { get }
    /// Sets up a run that can be stepped or run to its end. The same parameters and seed give
    /// the same run in every process, whatever the trace level.
    ///
    /// - Throws: `ParameterError` when the parameters are each valid but do not fit together,
    ///   such as a crash of a node the run does not have.
    func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
}

extension SimulationModel {
    public var hasLeader: Bool { false }

    /// Runs to completion.
    public func run(_ parameters: Parameters, seed: UInt64, trace: TraceLevel = .full) throws(ParameterError)
        -> SimulationRun
    {
        let session = try start(parameters, seed: seed, trace: trace)
        session.run(until: .max)
        return session.finish()
    }

    /// Resolves `name=value` overrides against this model's parameters and runs it.
    public func run(overrides: [(String, String)], seed: UInt64, trace: TraceLevel = .full) throws(ParameterError)
        -> SimulationRun
    {
        try run(resolve(overrides), seed: seed, trace: trace)
    }

    /// Defaults with the overrides applied, each checked against its parameter.
    public func resolve(_ overrides: [(String, String)]) throws(ParameterError) -> Parameters {
        try Parameters(specs: parameters, model: name, overrides: overrides)
    }
}

/// The models lessons can name.
public struct ModelRegistry: Sendable {
    public let models: [any SimulationModel]

    public init(models: [any SimulationModel]) {
        self.models = models
    }

    /// Every model quorum ships, in the order `sim list` shows them: roughly the course's order.
    public static let standard = ModelRegistry(models: [
        EchoModel(), RequestReplyModel(), FloodModel(), ClocksModel(), LWWSkewModel(), PrimaryBackupModel(),
        QuorumKVModel(), CapRegisterModel(), ConsistencyWorkbenchModel(), CRDTModel(), PaxosModel(), RaftModel(),
        TwoPhaseCommitModel(), FailureDetectorModel(), GossipModel(), ConsistentHashingModel(), LoadBalancingModel(),
        ScalabilityModel(), ClientServerModel(), MicroservicesModel(), EventDrivenModel(), RetriesModel(),
        RateLimiterModel(), MessageQueueModel(), TracingModel(),
    ])

    public var names: [String] { models.map(\.name) }

    public func model(named name: String) -> (any SimulationModel)? {
        models.first { $0.name == name }
    }
}
