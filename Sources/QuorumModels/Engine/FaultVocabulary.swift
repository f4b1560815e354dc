import QuorumSim

/// The network and fault parameters every engine model accepts, with one spelling everywhere.
public enum FaultVocabulary {
    /// The names, for telling them apart from a model's own parameters in `sim info`.
    public static let names: Set<String> = [
        "duration", "latency", "links", "loss", "dup", "partition", "partition-at", "heal-at", "crash", "restart",
        "pause", "resume", "skew", "drift",
    ]

    /// The shared parameters, with defaults a model chooses for its story.
    public static func parameters(
        duration: SimTime, latency: LatencyDistribution = .constant(10 * SimDuration.millisecond), loss: Double = 0,
        hasLeader: Bool = false
    ) -> [ParameterSpec] {
        let hour = 3_600 * SimDuration.second
        return [
            ParameterSpec(
                "duration", .duration(SimDuration.millisecond...hour), default: .duration(duration),
                doc: "How much virtual time the run covers at most."),
            ParameterSpec(
                "latency", .latency, default: .latency(latency),
                doc: "One-way message delay: constant, uniform(a,b), exp(mean) or normal(mean,sd)."),
            ParameterSpec(
                "links", .links, default: .links([]),
                doc: "Latency for particular links, like \"n1-n3=100ms\" (both ways) or \"n1>n3=5ms\"."),
            ParameterSpec(
                "loss", .double(0...1), default: .double(loss),
                doc: "Probability that the network loses any one message."),
            ParameterSpec(
                "dup", .double(0...1), default: .double(0),
                doc: "Probability that the network delivers a message twice."),
            ParameterSpec(
                "partition", .partition, default: .partition(nil),
                doc: "Groups that cannot reach each other, like \"n1,n2|n3\"; \"n1->n3\" cuts one way."),
            ParameterSpec(
                "partition-at", .duration(0...hour), default: .duration(0),
                doc: "When the partition starts."),
            ParameterSpec(
                "heal-at", .moment, default: .moment(nil), doc: "When the partition heals (never by default)."),
            ParameterSpec(
                "crash", .nodeFaults(leaderAllowed: hasLeader), default: .nodeFaults([]),
                doc: hasLeader
                    ? "Nodes that crash and when, like n1@2s; leader@2s crashes whoever leads then."
                    : "Nodes that crash and when, like n1@2s or \"n1@2s,n3@5s\"."),
            ParameterSpec(
                "restart", .nodeFaults(leaderAllowed: false), default: .nodeFaults([]),
                doc: "Crashed nodes that come back and when, like n1@4s."),
            ParameterSpec(
                "pause", .nodeFaults(leaderAllowed: hasLeader), default: .nodeFaults([]),
                doc: "Nodes that freeze (a long GC pause) and when, like n2@1s."),
            ParameterSpec(
                "resume", .nodeFaults(leaderAllowed: false), default: .nodeFaults([]),
                doc: "Paused nodes that wake up and when, like n2@3s."),
            ParameterSpec(
                "skew", .clocks(ppm: false), default: .clocks([]),
                doc: "Offsets of nodes' clocks from true time, like \"n2=+50ms,n3=-20ms\"."),
            ParameterSpec(
                "drift", .clocks(ppm: true), default: .clocks([]),
                doc: "How fast nodes' clocks run, in parts per million, like \"n2=+100ppm\"."),
        ]
    }

    /// The fault plan the parameters describe.
    public static func plan(from parameters: Parameters) -> FaultPlan {
        var plan = FaultPlan()
        for (name, value) in parameters.values {
            switch (name, value) {
            case ("latency", .latency(let latency)): plan.latency = latency
            case ("links", .links(let links)): plan.links = links
            case ("loss", .double(let loss)): plan.loss = loss
            case ("dup", .double(let dup)): plan.duplication = dup
            case ("partition", .partition(let spec)): plan.partition = spec
            case ("partition-at", .duration(let time)): plan.partitionAt = time
            case ("heal-at", .moment(let time)): plan.healAt = time
            case ("crash", .nodeFaults(let faults)): plan.crashes = faults
            case ("restart", .nodeFaults(let faults)): plan.restarts = faults
            case ("pause", .nodeFaults(let faults)): plan.pauses = faults
            case ("resume", .nodeFaults(let faults)): plan.resumes = faults
            case ("skew", .clocks(let settings)): plan.skew = settings
            case ("drift", .clocks(let settings)): plan.drift = settings
            default: break
            }
        }
        return plan
    }

    /// A simulation set up from the parameters, with plan errors worded as parameter errors.
    public static func simulation<Message, Timer>(
        _ parameters: Parameters, seed: UInt64, nodes: Int, clients: Int, trace: TraceLevel, hasLeader: Bool = false,
        of _: (Message.Type, Timer.Type) = (Message.self, Timer.self)
    ) throws(ParameterError) -> Simulation<Message, Timer> {
        do throws(FaultPlanError) {
            return try Simulation(
                seed: seed, nodes: nodes, clients: clients, plan: plan(from: parameters), trace: trace,
                hasLeader: hasLeader)
        } catch {
            throw .invalidSetting(parameter: error.parameter, value: error.value, problem: error.problem)
        }
    }
}
