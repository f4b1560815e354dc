import QuorumModels
import QuorumSim
import Testing

@Suite struct EngineModelTests {
    @Test(arguments: ModelRegistry.standard.names)
    func everyDeclaredMetricIsReportedInOrder(name: String) throws {
        let model = try #require(ModelRegistry.standard.model(named: name))
        let result = try model.run(overrides: [], seed: 3)
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test func echoWithDefaultsEchoesEveryMessageInTwoOneWayTrips() throws {
        // Five messages on a constant 10 ms link: each goes out and comes back, 10 ms each way.
        let result = try EchoModel().run(overrides: [], seed: 1)
        #expect(result.metric("sent") == 5)
        #expect(result.metric("echoed") == 5)
        #expect(result.metric("lost") == 0)
        #expect(result.metric("round-trip-p50-ms") == 20)
        #expect(result.metric("round-trip-max-ms") == 20)
        #expect(result.metric("server-echoes-on-disk") == 5)
    }

    @Test func echoServerKeepsItsDiskCountButNotItsMemoryThroughACrash() throws {
        // The client sends at 0, 100, 200, 300 and 400 ms; each echo reaches n1 10 ms later.
        // n1 is down from 150 to 250 ms, so it handles the echoes at 10 and 110 ms, loses the
        // one at 210 ms, and handles those at 310 and 410 ms after booting again.
        let parameters = try EchoModel().resolve([("crash", "n1@150ms"), ("restart", "n1@250ms")])
        let session = try EchoModel().start(parameters, seed: 1, trace: .full)
        session.run(until: 200 * SimDuration.millisecond)
        #expect(session.status(of: 0) == .crashed)
        #expect(session.state(of: 0) == ["crashed; on disk: 2 echoes sent in all"])
        session.run(until: .max)
        #expect(session.state(of: 0) == ["echoes since it booted: 2 (memory)", "echoes in all: 4 (disk)"])
        let result = session.finish()
        #expect(result.metric("server-echoes-on-disk") == 4)
        #expect(result.metric("echoed") == 4)
        #expect(result.metric("lost") == 1)
    }

    @Test(arguments: [(2, 1, 50), (5, 3, 500), (100, 10, 2_000)])
    func floodStopsAfterExactlyTheDeliveriesAskedFor(nodes: Int, tokens: Int, deliveries: Int) throws {
        let result = try FloodModel().run(
            overrides: [("nodes", String(nodes)), ("tokens", String(tokens)), ("deliveries", String(deliveries))],
            seed: 5)
        #expect(result.metric("deliveries") == Double(deliveries))
        #expect(result.metric("dropped") == 0)
    }

    @Test func floodNeverSendsATokenToItsHolder() throws {
        let result = try FloodModel().run(overrides: [("nodes", "3"), ("deliveries", "3000")], seed: 11)
        var deliveries = 0
        for event in result.trace {
            switch event.kind {
            case .send(_, let from, let to, _, _, _), .deliver(_, let from, let to, _):
                #expect(from != to)
                if case .deliver = event.kind { deliveries += 1 }
            default:
                break
            }
        }
        #expect(deliveries == 3_000)
    }

    @Test func floodOverALinkThatLosesEverythingDeliversNothing() throws {
        // Every node's first send of every token is lost, and a lost token leaves the game.
        let result = try FloodModel().run(overrides: [("nodes", "4"), ("tokens", "5"), ("loss", "1")], seed: 2)
        #expect(result.metric("deliveries") == 0)
        #expect(result.metric("dropped") == 20)
    }
}
