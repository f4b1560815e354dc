import QuorumCheck
import QuorumSim

/// A run in progress: stepped event by event (`sim step`), poked with faults, or run to its end.
public protocol SimulationSession: AnyObject {
    var now: SimTime { get }
    /// Processes, nodes first (`n1`...), then clients (`c1`...).
    var names: [String] { get }
    var trace: [TraceEvent] { get }
    /// True once nothing is left to happen before the run's end.
    var isFinished: Bool { get }
    /// When the next event happens, if one is left before the run's end.
    var nextEventTime: SimTime? { get }

    /// Handles the next event; false when the run is over.
    @discardableResult func step() -> Bool
    /// Handles every event up to `time` (capped at the run's end) and moves the clock there.
    func run(until time: SimTime)

    /// A few lines on what the process holds and does now.
    func state(of process: Int) -> [String]
    func status(of process: Int) -> ProcessStatus
    /// Messages the network holds, earliest arrival first.
    func inFlight() -> [InFlightMessage]
    /// The partition in force, if any.
    var activePartition: PartitionSpec? { get }

    func crash(_ process: Int)
    func restart(_ process: Int)
    func pause(_ process: Int)
    func resume(_ process: Int)
    func partition(_ spec: PartitionSpec)
    func heal()
    /// Drops a message in flight; false if there is none with that id.
    func dropMessage(_ id: Int) -> Bool

    /// The run so far: metrics, narrative, trace and history.
    func finish() -> SimulationRun
}

/// The model name, seed and parameters a session reports its run under.
public struct RunHeader: Sendable {
    public var model: String
    public var seed: UInt64
    public var parameters: Parameters

    public init(model: String, seed: UInt64, parameters: Parameters) {
        self.model = model
        self.seed = seed
        self.parameters = parameters
    }
}

/// A session driven by the engine: the model supplies event handling, state descriptions and
/// metrics; stepping, faults and the run loop come from here.
public protocol EngineSession: SimulationSession {
    associatedtype Message
    associatedtype Timer
    var sim: Simulation<Message, Timer> { get }
    var header: RunHeader { get }
    /// The run's end in virtual time (its `duration`).
    var limit: SimTime { get }
    /// True when the model has reached its own end (a workload done) before `limit`.
    var stopped: Bool { get }
    /// Reacts to one event: a message, a timer, a crash or a restart.
    func handle(_ event: SimEvent<Message, Timer>)
    /// Describes a process for `state`.
    func describe(_ process: NodeID) -> [String]
    /// The named metrics, in the model's declared order, and the client history if any.
    func measure() -> (metrics: [(name: String, value: Double)], history: History?)
    /// Pictures of the run so far besides its trace, such as a trace waterfall.
    func views() -> [RunView]
}

extension EngineSession {
    public var now: SimTime { sim.now }
    public var names: [String] { sim.names }
    public var trace: [TraceEvent] { sim.trace }
    public var activePartition: PartitionSpec? { sim.activePartition }

    public var nextEventTime: SimTime? {
        guard let time = sim.nextEventTime, time <= limit else { return nil }
        return time
    }

    public var stopped: Bool { false }

    public func views() -> [RunView] { [] }

    public var isFinished: Bool { stopped || nextEventTime == nil }

    @discardableResult
    public func step() -> Bool {
        guard !stopped, let event = sim.next(until: limit) else { return false }
        handle(event)
        return true
    }

    public func run(until time: SimTime) {
        let end = min(time, limit)
        while !stopped, let event = sim.next(until: end) { handle(event) }
    }

    public func state(of process: Int) -> [String] { describe(NodeID(process)) }
    public func status(of process: Int) -> ProcessStatus { sim.status(of: NodeID(process)) }
    public func inFlight() -> [InFlightMessage] { sim.inFlight() }

    public func crash(_ process: Int) {
        if let event = sim.crash(NodeID(process)) { handle(event) }
    }

    public func restart(_ process: Int) {
        if let event = sim.restart(NodeID(process)) { handle(event) }
    }

    public func pause(_ process: Int) { sim.pause(NodeID(process)) }
    public func resume(_ process: Int) { sim.resume(NodeID(process)) }
    /// Partitions injected while stepping reach the model as scheduled ones do, as `.network`.
    public func partition(_ spec: PartitionSpec) {
        if let event = sim.partition(spec) { handle(event) }
    }

    public func heal() {
        if let event = sim.heal() { handle(event) }
    }
    public func dropMessage(_ id: Int) -> Bool { sim.dropMessage(id) }

    public func finish() -> SimulationRun {
        let measured = measure()
        var run = SimulationRun(
            model: header.model, seed: header.seed, parameters: header.parameters, metrics: measured.metrics,
            narrative: sim.narrative.lines(endingAt: sim.now), endTime: sim.now, names: sim.names, trace: sim.trace,
            history: measured.history)
        run.traceTruncated = sim.traceTruncated
        run.views = views()
        return run
    }
}
