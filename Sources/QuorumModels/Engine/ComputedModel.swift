import QuorumSim

/// A model whose result is computed in one go rather than event by event (a formula, a hash
/// ring): it has nothing to step, so its session is already finished.
public protocol ComputedModel: SimulationModel {
    func compute(_ parameters: Parameters, seed: UInt64) throws(ParameterError) -> SimulationRun
}

extension ComputedModel {
    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        CompletedSession(try compute(parameters, seed: seed))
    }
}

/// A session over a run that is already complete: stepping does nothing, faults have nowhere
/// to go.
public final class CompletedSession: SimulationSession {
    private let run: SimulationRun

    public init(_ run: SimulationRun) {
        self.run = run
    }

    public var now: SimTime { run.endTime }
    public var names: [String] { run.names }
    public var trace: [TraceEvent] { run.trace }
    public var isFinished: Bool { true }
    public var nextEventTime: SimTime? { nil }
    public var activePartition: PartitionSpec? { nil }

    public func step() -> Bool { false }
    public func run(until time: SimTime) {}
    public func state(of process: Int) -> [String] { [] }
    public func status(of process: Int) -> ProcessStatus { .up }
    public func inFlight() -> [InFlightMessage] { [] }
    public func crash(_ process: Int) {}
    public func restart(_ process: Int) {}
    public func pause(_ process: Int) {}
    public func resume(_ process: Int) {}
    public func partition(_ spec: PartitionSpec) {}
    public func heal() {}
    public func dropMessage(_ id: Int) -> Bool { false }
    public func finish() -> SimulationRun { run }
}
