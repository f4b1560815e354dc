import QuorumModels
import QuorumSim
import Testing

@Suite struct FaultVocabularyTests {
    let echo = EchoModel()

    func error(_ parameter: String, _ value: String) -> ParameterError? {
        do {
            _ = try echo.resolve([(parameter, value)])
            return nil
        } catch {
            return error
        }
    }

    @Test func everyModelSpeaksTheWholeVocabulary() {
        // A computed model is a formula: it has no network, so no faults to speak of.
        for model in ModelRegistry.standard.models where !(model is any ComputedModel) {
            #expect(FaultVocabulary.names.isSubset(of: model.parameters.map(\.name)), "\(model.name)")
        }
    }

    /// Each row: the parameter, a value it must refuse, and the words that say what is wrong.
    /// Every message also names the parameter, quotes the value and says what would be right.
    @Test(
        arguments: [
            ("latency", "fast", "'fast' is not a duration or a distribution"),
            ("latency", "uniform(10ms)", "uniform takes two durations, low and high"),
            ("latency", "uniform(10ms,1ms)", "uniform's low bound 10ms is above its high bound"),
            ("latency", "exp(20ms", "'exp(20ms' is missing its closing ')'"),
            ("latency", "weird(1ms)", "unknown distribution 'weird'"),
            ("loss", "1.5", "a number from 0 to 1"),
            ("loss", "-0.1", "a number from 0 to 1"),
            ("loss", "abc", "a number from 0 to 1"),
            ("dup", "2", "a number from 0 to 1"),
            ("partition", "n1,n2", "'n1,n2' has one group; separate groups with '|' (or '->' for one way)"),
            ("partition", "n1||n2", "'n1||n2' has an empty group or a stray comma"),
            ("partition", "n1,n1|n2", "n1 is named twice; a process belongs to one group"),
            ("partition", "x1|n2", "'x1' is not a process name like n1 or c2"),
            ("partition", "n1|n2>n3", "'n1|n2>n3' mixes '|' and '->'; use one kind of cut"),
            ("partition-at", "soon", "a duration from 0s to 3600s (like 50ms or 2s)"),
            ("partition-at", "-1s", "a duration from 0s to 3600s (like 50ms or 2s)"),
            ("heal-at", "soon", "a time like 5s, or never"),
            ("crash", "n1", "'n1' is not node@time, like n1@2s"),
            ("crash", "n1@", "'' in 'n1@' is not a time, like 2s or 500ms"),
            ("crash", "n1@later", "'later' in 'n1@later' is not a time, like 2s or 500ms"),
            ("crash", "@2s", "'@2s' is not node@time, like n1@2s"),
            ("crash", "leader@2s", "name the node, not the leader"),
            ("restart", "leader@2s", "name the node, not the leader"),
            ("pause", "n2@", "'' in 'n2@' is not a time, like 2s or 500ms"),
            ("resume", "leader@3s", "name the node, not the leader"),
            ("skew", "n2", "'n2' is not node=amount, like n2=+50ms"),
            ("skew", "n2=fast", "'fast' is not an offset, like +50ms or -20ms"),
            ("skew", "n2=+50ms,n2=+1ms", "n2 is set twice"),
            ("drift", "n2=+abc", "'+abc' is not a rate in parts per million, like +100ppm"),
            ("drift", "n2=-1000000ppm", "'-1000000ppm' would stop n2's clock; a drift must be above -1000000ppm"),
            ("links", "n1-n1=5ms", "'n1-n1' is not a link between two processes, like n1-n3 or n1>n3"),
            ("links", "n1=5ms", "'n1' is not a link between two processes, like n1-n3 or n1>n3"),
            ("links", "n1-n2=fast", "'fast' is not a duration or a distribution"),
            ("links", "n1-n2", "'n1-n2' is not link=latency, like n1-n3=100ms"),
        ])
    func aMalformedValueIsExplained(parameter: String, value: String, problem: String) throws {
        let message = try #require(error(parameter, value)).description
        #expect(message.hasPrefix("invalid value '\(value)' for '\(parameter)': "))
        #expect(message.contains(problem))
        let spec = try #require(echo.parameters.first { $0.name == parameter })
        #expect(message.hasSuffix("expected \(spec.type.accepts)"))
    }

    @Test func aModelWithoutALeaderSaysHowToNameTheNode() throws {
        let message = try #require(error("crash", "leader@2s")).description
        #expect(
            message
                == "invalid value 'leader@2s' for 'crash': name the node, not the leader; expected node@time, comma-separated, like n1@4s or \"n1@4s,n3@6s\", or none"
        )
    }

    func runError(_ overrides: [(String, String)]) -> ParameterError? {
        do {
            _ = try echo.run(overrides: overrides, seed: 1)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFaultOnAProcessTheRunLacksIsRefusedWhenItRuns() throws {
        // Each value is well formed, so it resolves; only the run knows echo has n1 and c1.
        _ = try echo.resolve([("crash", "n4@1s")])
        #expect(
            runError([("crash", "n4@1s")])?.description
                == "invalid value 'n4@1s' for 'crash': there is no n4 in this run (it has n1, c1)")
        #expect(
            runError([("partition", "n1|n2")])?.description
                == "invalid value 'n1|n2' for 'partition': there is no n2 in this run (it has n1, c1)")
    }

    @Test func aHealMustFollowItsPartition() {
        #expect(
            runError([("partition", "n1|c1"), ("partition-at", "2s"), ("heal-at", "1s")])?.description
                == "invalid value '1s' for 'heal-at': the partition starts at 2s; heal it after that")
        #expect(
            runError([("heal-at", "1s")])?.description
                == "invalid value '1s' for 'heal-at': there is no partition to heal; set partition=\"n1,n2|n3\" too")
    }

    /// Values a learner writes: what `sim run` prints back as the run's settings must read as
    /// the same value again, so a printed run can be repeated.
    @Test(
        arguments: [
            ("latency", "5ms"), ("latency", "uniform(1ms,10ms)"), ("latency", "exp(20ms,floor=2ms)"),
            ("latency", "normal(20ms,5ms)"), ("loss", "0.25"), ("dup", "1"), ("partition", "n1|c1"),
            ("partition", "n1->c1"), ("partition", "none"), ("partition-at", "1.5s"), ("heal-at", "5s"),
            ("heal-at", "never"), ("crash", "n1@2s,n1@500ms"), ("restart", "n1@4s"), ("pause", "c1@1s"),
            ("skew", "n1=+50ms,c1=-20ms"), ("drift", "n1=+100ppm"), ("drift", "c1=-50ppm,n1=+7ppm"),
            ("links", "n1-c1=100ms;c1>n1=exp(5ms)"), ("links", "none"),
        ])
    func aValuePrintsAsSomethingThatParsesToIt(parameter: String, text: String) throws {
        let spec = try #require(echo.parameters.first { $0.name == parameter })
        let value = try spec.parse(text)
        #expect(try spec.parse(value.description) == value)
    }
}
