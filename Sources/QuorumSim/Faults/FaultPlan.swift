/// The network and the faults a run starts with, as parsed from the shared fault vocabulary.
///
/// Every model accepts the same words (`latency`, `loss`, `dup`, `links`, `partition`,
/// `partition-at`, `heal-at`, `crash`, `restart`, `pause`, `resume`, `skew`, `drift`), so a learner
/// who has broken one model knows how to break them all.
public struct FaultPlan: Sendable, Equatable {
    public var latency: LatencyDistribution = .constant(10 * SimDuration.millisecond)
    public var links: [LinkLatency] = []
    public var loss: Double = 0
    public var duplication: Double = 0
    public var partition: PartitionSpec?
    public var partitionAt: SimTime = 0
    public var healAt: SimTime?
    public var crashes: [ScheduledNodeFault] = []
    public var restarts: [ScheduledNodeFault] = []
    public var pauses: [ScheduledNodeFault] = []
    public var resumes: [ScheduledNodeFault] = []
    public var skew: [NodeClockSetting] = []
    public var drift: [NodeClockSetting] = []

    public init() {}
}

/// A fault plan that names something the run does not have: which parameter, what it said,
/// and what would be right.
public struct FaultPlanError: Error, Equatable, CustomStringConvertible {
    public var parameter: String
    public var value: String
    public var problem: String

    public init(parameter: String, value: String, problem: String) {
        self.parameter = parameter
        self.value = value
        self.problem = problem
    }

    public var description: String { "invalid value '\(value)' for '\(parameter)': \(problem)" }
}

extension FaultPlan {
    /// Checks every name against the run's processes and every time against the others.
    ///
    /// - Parameter hasLeader: whether `leader@time` means something for this model.
    public func validate(names: [String], hasLeader: Bool) throws(FaultPlanError) {
        let known = names.joined(separator: ", ")
        func check(_ name: String, _ parameter: String, _ value: String) throws(FaultPlanError) {
            guard names.contains(name) else {
                throw FaultPlanError(
                    parameter: parameter, value: value, problem: "there is no \(name) in this run (it has \(known))")
            }
        }
        if let partition {
            for name in partition.groups.joined() { try check(name, "partition", partition.description) }
            if let healAt, healAt <= partitionAt {
                throw FaultPlanError(
                    parameter: "heal-at", value: SimDuration.format(healAt),
                    problem: "the partition starts at \(SimDuration.format(partitionAt)); heal it after that")
            }
        } else if healAt != nil {
            throw FaultPlanError(
                parameter: "heal-at", value: SimDuration.format(healAt ?? 0),
                problem: "there is no partition to heal; set partition=\"n1,n2|n3\" too")
        }
        for link in links {
            try check(link.from, "links", link.description)
            try check(link.to, "links", link.description)
        }
        let lists: [(String, [ScheduledNodeFault], Bool)] = [
            ("crash", crashes, true), ("restart", restarts, false), ("pause", pauses, true),
            ("resume", resumes, false),
        ]
        for (parameter, faults, leaderAllowed) in lists {
            for fault in faults {
                switch fault.target {
                case .node(let name):
                    try check(name, parameter, fault.description)
                case .leader:
                    guard leaderAllowed else {
                        throw FaultPlanError(
                            parameter: parameter, value: fault.description,
                            problem: "name the node to \(parameter), like n1@4s")
                    }
                    guard hasLeader else {
                        throw FaultPlanError(
                            parameter: parameter, value: fault.description,
                            problem: "this model has no leader; name a node, like n1@2s")
                    }
                }
            }
        }
        for setting in skew { try check(setting.node, "skew", setting.description) }
        for setting in drift {
            try check(setting.node, "drift", setting.description)
            guard setting.amount > -1_000_000 else {
                throw FaultPlanError(
                    parameter: "drift", value: setting.description,
                    problem: "\(setting.node)'s clock would stand still; a drift must be above -1000000ppm")
            }
        }
    }
}
