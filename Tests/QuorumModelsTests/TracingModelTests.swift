import PropertyBased
import QuorumModels
import QuorumSim
import QuorumTestSupport
import Testing

@Suite struct TracingModelTests {
    let model = TracingModel()

    func run(_ overrides: [(String, String)] = [], seed: UInt64 = 1) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed)
    }

    func waterfall(_ run: SimulationRun) throws -> WaterfallView {
        guard case .waterfall(let view) = try #require(run.views.first) else {
            Issue.record("tracing drew no waterfall")
            throw CancellationError()
        }
        return view
    }

    @Test func theDefaultCriticalPathIsTheLongestChainWorkedOutByHand() async {
        // Every one-way trip takes 1 ms. From the gateway's first moment:
        //   gateway works 2 ms                                          2
        //   auth alone: 1 there, 4 of work, 1 back                      6   (to 8)
        //   cart, inventory and recommendations together; the longest:
        //     cart: 1 there, 3, pricing (1 + 10 + 150 slow + 1), 2, 1   169 (to 177)
        //     inventory would take 1 + 8 + 1 = 10, recommendations 1 + 25 + 1 = 27
        //   payments alone: 1, 5, fraud (1 + 12 + 1), 3, 1             24  (to 201)
        //   gateway works 1 ms                                          1   (to 202)
        // The seed changes only the ids: the latency is constant.
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let result = try run(seed: seed)
            #expect(result.metric("critical-path-ms") == 202)
            #expect(result.metric("spans") == 8)
        }
    }

    @Test func withNoSlowServiceRecommendationsSetsThePace() throws {
        // Without the 150 ms the parallel stage takes 27 ms (recommendations), not 19 (cart):
        // 2 + 6 + 27 + 24 + 1 = 60.
        let result = try run([("slow-service", "none")])
        #expect(result.metric("critical-path-ms") == 60)
        let rows = try waterfall(result).rows
        // Off the critical path: the branches that finished before recommendations.
        #expect(
            rows.filter { !$0.highlighted }.map(\.label) == [
                "cart: load cart", "pricing: price items", "inventory: check stock",
            ])
    }

    @Test(arguments: [0, 5, 8, 9, 20, 100, 300])
    func slowingAServiceOffTheCriticalPathCostsNothingUntilItsBranchIsTheLongest(slow: Int) throws {
        // Cart's branch takes 19 ms + the slowdown, recommendations' 27 ms: the request takes
        // 60 ms until pricing is 8 ms slower, then every further millisecond counts.
        let result = try run([("slow-service", "pricing"), ("slow-ms", String(slow))])
        #expect(result.metric("critical-path-ms") == Double(60 + max(0, slow - 8)))
    }

    @Test func theCriticalPathIsAsLongAsTheRootSpanWhateverTheLatency() async {
        // The path is a chain of segments with no gap from the root's start to its end.
        await checkProperty(count: 40, input: Gen.uint64()) { seed in
            let result = try run([("latency", "exp(3ms)")], seed: seed)
            let root = try #require(try waterfall(result).rows.first)
            #expect(root.depth == 0 && root.highlighted)
            #expect(result.metric("critical-path-ms") == Double(root.end - root.start) / 1_000)
        }
    }

    @Test func everyCallCarriesTheTraceparentOfItsCallersSpan() throws {
        let result = try run()
        let view = try waterfall(result)
        let traceID = try #require(view.title.split(separator: " ").dropFirst().first.map(String.init))
        var calls = 0
        for event in result.trace {
            guard case .send(_, _, let to, _, let detail, _) = event.kind, detail.hasPrefix("call "), to < 8 else {
                continue
            }
            calls += 1
            if detail.contains("GET /checkout") {
                // The client starts the request with no context; the gateway begins the trace.
                #expect(detail.hasSuffix("no traceparent"))
            } else {
                let header = try #require(detail.split(separator: " ").last.map(String.init))
                let fields = header.split(separator: "-").map(String.init)
                #expect(fields.count == 4 && fields[0] == "00" && fields[3] == "01", "\(header)")
                #expect(fields[1] == traceID)
                // The parent id it carries is a span of the same trace.
                #expect(view.rows.contains { $0.detail.hasPrefix("span \(fields[2]),") }, "\(header)")
            }
        }
        #expect(calls == 8)
    }

    @Test func aServiceThatDropsTheContextSplitsTheTrace() throws {
        // cart calls pricing without a traceparent: pricing's span lands in a trace of its own.
        let cart = try run([("drop-context", "cart")])
        #expect(cart.metric("spans") == 7)
        // Its 160 ms now look like cart's own time; the request took as long as ever.
        #expect(cart.metric("critical-path-ms") == 202)
        #expect(try waterfall(cart).notes.contains { $0.hasPrefix("1 span went to 1 other trace") })
        // The gateway calls five services directly; each begins a trace, and cart's and payments'
        // callees follow theirs: 7 spans in 5 other traces, the gateway's alone in the request's.
        let gateway = try run([("drop-context", "gateway")])
        #expect(gateway.metric("spans") == 1)
        #expect(try waterfall(gateway).notes.contains { $0.hasPrefix("7 spans went to 5 other traces") })
    }

    @Test func headSamplingRecordsAWholeTraceOrNothing() async throws {
        await checkProperty(count: 60, input: Gen.uint64()) { seed in
            let result = try run([("sample-rate", "0.5")], seed: seed)
            // The gateway decides once and every service follows the flag in the traceparent.
            #expect([0, 8].contains(result.metric("spans")))
            #expect(result.metric("critical-path-ms") == (result.metric("spans") == 8 ? 202 : 0))
        }
        #expect(try run([("sample-rate", "0")]).metric("spans") == 0)
    }

    @Test func aCrashedServiceCostsItsCallerTheWholeTimeoutAndLosesItsSpan() throws {
        // inventory (n5) gets its call 10 ms into the run and crashes 2 ms later, mid-work. The
        // gateway sent the call 8 ms after its span began and waits the 1 s timeout for it, then
        // goes on with payments (24 ms) and its last 1 ms: 8 + 1000 + 24 + 1 = 1033.
        let result = try run([("crash", "n5@12ms")])
        #expect(result.metric("critical-path-ms") == 1_033)
        #expect(result.metric("spans") == 7)
        let view = try waterfall(result)
        #expect(view.rows.first?.label == "gateway: GET /checkout (error)")
        #expect(!view.rows.contains { $0.label.hasPrefix("inventory") })
    }

    @Test func spansAreTimedByEachServicesOwnClock() throws {
        // cart's clock runs 50 ms behind: its span seems to start 41 ms before the gateway's,
        // which in true time began 9 ms earlier. Tracing tools see exactly this.
        let result = try run([("skew", "n3=-50ms")])
        let rows = try waterfall(result).rows
        let gateway = try #require(rows.first { $0.label.hasPrefix("gateway") })
        let cart = try #require(rows.first { $0.label.hasPrefix("cart") })
        #expect(cart.start - gateway.start == -41 * SimDuration.millisecond)
    }
}
