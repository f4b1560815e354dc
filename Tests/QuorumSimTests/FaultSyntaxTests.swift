import QuorumSim
import Testing

@Suite struct FaultSyntaxTests {
    let ms = SimDuration.millisecond

    @Test(
        arguments: [
            ("5ms", .constant(5_000)),
            ("constant(3ms)", .constant(3_000)),
            ("uniform(1ms,10ms)", .uniform(low: 1_000, high: 10_000)),
            (" Uniform( 1ms , 10ms ) ", .uniform(low: 1_000, high: 10_000)),
            ("exp(20ms)", .exponential(mean: 20_000, floor: 0)),
            ("exponential(20ms,floor=2ms)", .exponential(mean: 20_000, floor: 2_000)),
            ("normal(20ms,5ms)", .normal(mean: 20_000, deviation: 5_000, floor: 0)),
            ("normal(20ms,5ms,floor=1ms)", .normal(mean: 20_000, deviation: 5_000, floor: 1_000)),
        ] as [(String, LatencyDistribution)])
    func latenciesReadAsWritten(text: String, latency: LatencyDistribution) throws {
        #expect(try LatencyDistribution.parse(text) == latency)
    }

    @Test(
        arguments: [
            ("n1,n2|n3", [["n1", "n2"], ["n3"]], PartitionSpec.Shape.symmetric),
            ("n1|n2|n3", [["n1"], ["n2"], ["n3"]], .symmetric),
            ("\"n1, n2 | c1\"", [["n1", "n2"], ["c1"]], .symmetric),
            ("n1,n2->n3", [["n1", "n2"], ["n3"]], .oneWay),
            ("n1>n3", [["n1"], ["n3"]], .oneWay),
        ])
    func partitionsReadAsGroups(text: String, groups: [[String]], shape: PartitionSpec.Shape) throws {
        #expect(try PartitionSpec.parse(text) == PartitionSpec(groups: groups, shape: shape))
    }

    @Test func nodeFaultsComeBackInTimeOrderWithTiesAsWritten() throws {
        let faults = try ScheduledNodeFault.parseList("n3@5s, n1@2s, leader@2s")
        #expect(faults.map(\.description) == ["n1@2s", "leader@2s", "n3@5s"])
        #expect(faults[1].target == .leader)
        #expect(faults[0].time == 2 * SimDuration.second)
    }

    @Test func clockSettingsReadOffsetsAndRates() throws {
        #expect(
            try NodeClockSetting.parseList("n2=+50ms,n3=-20ms", ppm: false) == [
                NodeClockSetting(node: "n2", amount: 50_000), NodeClockSetting(node: "n3", amount: -20_000),
            ])
        #expect(
            try NodeClockSetting.parseList("n2=+100ppm,n3=-50ppm,c1=7", ppm: true) == [
                NodeClockSetting(node: "n2", amount: 100, ppm: true),
                NodeClockSetting(node: "n3", amount: -50, ppm: true),
                NodeClockSetting(node: "c1", amount: 7, ppm: true),
            ])
    }

    @Test func linkLatenciesReadBothWaysAndOneWay() throws {
        #expect(
            try LinkLatency.parseList("n1-n3=100ms;n2>n3=exp(5ms)") == [
                LinkLatency(from: "n1", to: "n3", bothWays: true, latency: .constant(100 * ms)),
                LinkLatency(from: "n2", to: "n3", bothWays: false, latency: .exponential(mean: 5 * ms, floor: 0)),
            ])
    }

    /// Each parser's output printed and read again: what `sim run` shows is what it ran.
    @Test(
        arguments: [
            "5ms", "250us", "1.5s", "uniform(1ms,10ms)", "exp(20ms)", "exp(20ms,floor=2ms)", "normal(20ms,5ms)",
            "normal(20ms,5ms,floor=1ms)",
        ])
    func aLatencyPrintsAsItParses(text: String) throws {
        let latency = try LatencyDistribution.parse(text)
        #expect(latency.description == text)
        #expect(try LatencyDistribution.parse(latency.description) == latency)
    }

    @Test(arguments: ["n1,n2|n3", "n1|n2|c1", "n1,n2->n3"])
    func aPartitionPrintsAsItParses(text: String) throws {
        let spec = try PartitionSpec.parse(text)
        #expect(spec.description == text)
        #expect(try PartitionSpec.parse(spec.description) == spec)
    }

    @Test(
        arguments: [
            ("n2=+50ms", false), ("n3=-20ms", false), ("n2=+1.5s", false), ("n2=+0s", false),
            ("n2=+100ppm", true), ("n3=-50ppm", true), ("n2=+0ppm", true),
        ])
    func aClockSettingPrintsAsItParses(text: String, ppm: Bool) throws {
        let settings = try NodeClockSetting.parseList(text, ppm: ppm)
        #expect(settings.map(\.description) == [text])
        #expect(
            try NodeClockSetting.parseList(settings.map(\.description).joined(separator: ","), ppm: ppm) == settings)
    }

    @Test(arguments: ["n1@2s", "leader@1.5s", "c1@250ms"])
    func aNodeFaultPrintsAsItParses(text: String) throws {
        let faults = try ScheduledNodeFault.parseList(text)
        #expect(faults.map(\.description) == [text])
    }

    @Test(arguments: ["n1-n3=100ms", "n2>n3=exp(5ms)", "n1-c1=uniform(1ms,5ms)"])
    func aLinkLatencyPrintsAsItParses(text: String) throws {
        let links = try LinkLatency.parseList(text)
        #expect(links.map(\.description) == [text])
        #expect(try LinkLatency.parseList(links.map(\.description).joined(separator: ";")) == links)
    }
}
