/// What the engine hands a model: the events that need the model's code to run.
///
/// The network's own work (latency, loss, partitions, pauses) happens inside the engine; a model
/// only sees messages that arrive, its own timers, and the crash and restart of its nodes.
public enum SimEvent<Message, Timer> {
    /// `message` arrived at `to`. `id` is the message's number in the trace.
    case message(Message, from: NodeID, to: NodeID, id: Int)
    /// A timer the model set on `node` went off.
    case timer(Timer, node: NodeID)
    /// The node crashed: its volatile state is gone and its timers will not fire.
    case crashed(NodeID)
    /// The node is back; it must rebuild its volatile state from its durable state.
    case restarted(NodeID)
    /// The network changed (a partition began or healed); nothing for the model to do, but
    /// stepping shows it.
    case network
}

/// A timer the model set, for cancelling it.
public struct TimerID: Hashable, Sendable {
    public let value: Int

    @inlinable
    public init(value: Int) {
        self.value = value
    }
}

/// What the engine still has to do, in its queue.
@usableFromInline
enum Pending<Message, Timer> {
    case deliver(id: Int, from: Int32, to: Int32, message: Message)
    case timer(id: Int, node: Int32, incarnation: Int32, timer: Timer)
    /// An entry of the run's fault schedule.
    case fault(index: Int)
}

/// One scheduled change to the network or a node.
@usableFromInline
enum FaultAction: Sendable {
    case partition(PartitionSpec)
    case heal
    case crash(ScheduledNodeFault.Target)
    case restart(Int)
    case pause(ScheduledNodeFault.Target)
    case resume(Int)
}

/// A process's condition.
public enum ProcessStatus: Sendable, Equatable {
    case up
    case crashed
    case paused
}

/// A message the network holds, as stepping lists it.
public struct InFlightMessage: Sendable, Equatable {
    public var id: Int
    public var from: NodeID
    public var to: NodeID
    public var arrivesAt: SimTime
    public var label: String
}
