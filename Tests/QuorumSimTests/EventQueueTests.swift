import PropertyBased
import QuorumSim
import Testing

@Suite struct EventQueueTests {
    /// Pops everything, in the order the queue hands it out.
    func drain(_ queue: inout EventQueue<String>) -> [String] {
        var order: [String] = []
        while let (_, payload) = queue.pop() { order.append(payload) }
        return order
    }

    @Test func eventsComeOutEarliestFirst() {
        var queue = EventQueue<String>()
        for (payload, time) in [("c", 30), ("a", 10), ("e", 50), ("b", 20), ("d", 40)] as [(String, SimTime)] {
            queue.push(payload, at: time)
        }
        #expect(queue.count == 5)
        #expect(queue.nextTime() == 10)
        #expect(drain(&queue) == ["a", "b", "c", "d", "e"])
        #expect(queue.isEmpty)
        #expect(queue.nextTime() == nil)
    }

    @Test func eventsAtTheSameTimeComeOutInTheOrderTheyWereQueued() {
        // Forty events at one instant, with earlier and later ones pushed between them, so the
        // heap has to move the tied ones around.
        var queue = EventQueue<String>()
        for index in 0..<40 {
            queue.push("tie \(index)", at: 7)
            if index.isMultiple(of: 3) { queue.push("early \(index)", at: 3) }
            if index.isMultiple(of: 5) { queue.push("late \(index)", at: 9) }
        }
        let order = drain(&queue)
        #expect(order.filter { $0.hasPrefix("tie") } == (0..<40).map { "tie \($0)" })
        #expect(order.prefix(14).allSatisfy { $0.hasPrefix("early") })
        #expect(order.suffix(8).allSatisfy { $0.hasPrefix("late") })
    }

    @Test func timesBeforeZeroComeFirst() {
        var queue = EventQueue<String>()
        let times: [SimTime] = [0, -5, .max, -1, 5, .min, 1]
        for time in times { queue.push(String(time), at: time) }
        #expect(queue.nextTime() == .min)
        #expect(drain(&queue) == times.sorted().map(String.init))
    }

    @Test func sortedListsWhatPopWouldWithoutRemovingIt() {
        var queue = EventQueue<String>()
        for (payload, time) in [("b", 2), ("a", 1), ("b2", 2), ("c", -3)] as [(String, SimTime)] {
            queue.push(payload, at: time)
        }
        let listed = queue.sorted()
        #expect(listed.map(\.payload) == ["c", "a", "b", "b2"])
        #expect(listed.map(\.time) == [-3, 1, 2, 2])
        #expect(queue.count == 4)
        #expect(drain(&queue) == ["c", "a", "b", "b2"])
    }

    @Test func anyInterleavingOfPushesAndPopsAgreesWithASortedList() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            var queue = EventQueue<Int>()
            // The reference: every queued event as (time, order of pushing), kept sorted.
            var reference: [(time: SimTime, index: Int)] = []
            var pushed = 0
            for _ in 0..<400 {
                if reference.isEmpty || random.next(upperBound: UInt64(5)) < 3 {
                    // Few distinct times, some negative, so ties are common.
                    let time = SimTime(random.next(upperBound: UInt64(21))) - 10
                    queue.push(pushed, at: time)
                    reference.append((time, pushed))
                    reference.sort { ($0.time, $0.index) < ($1.time, $1.index) }
                    pushed += 1
                } else {
                    let expected = reference.removeFirst()
                    let popped = queue.pop()
                    #expect(popped?.time == expected.time && popped?.payload == expected.index)
                }
                #expect(queue.count == reference.count)
                #expect(queue.nextTime() == reference.first?.time)
            }
            #expect(queue.sorted().map(\.payload) == reference.map(\.index))
        }
    }
}
