import QuorumSim
import Testing

@Suite struct FaultPlanTests {
    let names = ["n1", "n2", "n3"]

    static let strangers: [(String, FaultPlan)] = {
        func plan(_ change: (inout FaultPlan) -> Void) -> FaultPlan {
            var plan = FaultPlan()
            change(&plan)
            return plan
        }
        return [
            ("partition", plan { $0.partition = PartitionSpec(groups: [["n1", "n9"], ["n2"]], shape: .symmetric) }),
            ("links", plan { $0.links = [LinkLatency(from: "n1", to: "n9", bothWays: true, latency: .constant(5))] }),
            ("crash", plan { $0.crashes = [ScheduledNodeFault(target: .node("n9"), time: 0)] }),
            ("restart", plan { $0.restarts = [ScheduledNodeFault(target: .node("n9"), time: 0)] }),
            ("pause", plan { $0.pauses = [ScheduledNodeFault(target: .node("n9"), time: 0)] }),
            ("resume", plan { $0.resumes = [ScheduledNodeFault(target: .node("n9"), time: 0)] }),
            ("skew", plan { $0.skew = [NodeClockSetting(node: "n9", amount: 5)] }),
            ("drift", plan { $0.drift = [NodeClockSetting(node: "n9", amount: 5, ppm: true)] }),
        ]
    }()

    @Test(arguments: strangers)
    func aPlanNamingAProcessTheRunLacksIsRefusedByName(parameter: String, plan: FaultPlan) {
        let error = #expect(throws: FaultPlanError.self) { try plan.validate(names: names, hasLeader: false) }
        #expect(error?.parameter == parameter)
        #expect(error?.problem == "there is no n9 in this run (it has n1, n2, n3)")
    }

    @Test func aPartitionNamingAStrangerQuotesThePartition() throws {
        var plan = FaultPlan()
        plan.partition = try PartitionSpec.parse("n1,n2|n9")
        let error = #expect(throws: FaultPlanError.self) { try plan.validate(names: names, hasLeader: false) }
        #expect(
            error?.description
                == "invalid value 'n1,n2|n9' for 'partition': there is no n9 in this run (it has n1, n2, n3)")
    }

    @Test func clientsCanBeNamedToo() throws {
        var plan = FaultPlan()
        plan.partition = try PartitionSpec.parse("n1|c1")
        plan.crashes = try ScheduledNodeFault.parseList("c1@1s")
        try plan.validate(names: ["n1", "c1"], hasLeader: false)
    }

    @Test(arguments: [SimDuration.second, 2 * SimDuration.second])
    func aHealMustComeAfterThePartition(healAt: SimTime) throws {
        var plan = FaultPlan()
        plan.partition = try PartitionSpec.parse("n1|n2")
        plan.partitionAt = 2 * SimDuration.second
        plan.healAt = healAt
        #expect(
            throws: FaultPlanError(
                parameter: "heal-at", value: SimDuration.format(healAt),
                problem: "the partition starts at 2s; heal it after that")
        ) { try plan.validate(names: names, hasLeader: false) }
    }

    @Test func aHealNeedsAPartition() {
        var plan = FaultPlan()
        plan.healAt = SimDuration.second
        #expect(
            throws: FaultPlanError(
                parameter: "heal-at", value: "1s",
                problem: "there is no partition to heal; set partition=\"n1,n2|n3\" too")
        ) { try plan.validate(names: names, hasLeader: false) }
    }

    @Test func aClockThatWouldStandStillIsRefused() {
        var plan = FaultPlan()
        plan.drift = [NodeClockSetting(node: "n2", amount: -1_000_000, ppm: true)]
        #expect(
            throws: FaultPlanError(
                parameter: "drift", value: "n2=-1000000ppm",
                problem: "n2's clock would stand still; a drift must be above -1000000ppm")
        ) { try plan.validate(names: names, hasLeader: false) }
        plan.drift = [NodeClockSetting(node: "n2", amount: -999_999, ppm: true)]
        #expect(throws: Never.self) { try plan.validate(names: names, hasLeader: false) }
    }

    @Test func onlyCrashAndPauseMayNameTheLeader() {
        var plan = FaultPlan()
        plan.crashes = [ScheduledNodeFault(target: .leader, time: 0)]
        plan.pauses = [ScheduledNodeFault(target: .leader, time: 0)]
        #expect(throws: Never.self) { try plan.validate(names: names, hasLeader: true) }
        plan.restarts = [ScheduledNodeFault(target: .leader, time: 0)]
        #expect(
            throws: FaultPlanError(
                parameter: "restart", value: "leader@0s", problem: "name the node to restart, like n1@4s")
        ) { try plan.validate(names: names, hasLeader: true) }
    }
}
