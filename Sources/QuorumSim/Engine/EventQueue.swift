/// A priority queue of events ordered by `(time, sequence)`: earliest first, and among events
/// at the same instant, the one scheduled first.
///
/// `Heap` from swift-collections is not stable, so equal times would come out in an order that
/// depends on the heap's history; the sequence number makes the order total and reproducible.
/// This is a plain binary heap on an array, specialised for the simulator's hot loop.
public struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline var time: SimTime
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable
        init(time: SimTime, sequence: UInt64, payload: Payload) {
            self.time = time
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable
        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0

    public init() {}

    @inlinable public var count: Int { entries.count }
    @inlinable public var isEmpty: Bool { entries.isEmpty }

    /// When the earliest event happens, if there is one.
    @inlinable public var nextTime: SimTime? { entries.first?.time }

    /// Adds an event; it comes out after every event already queued for the same time.
    @inlinable
    public mutating func push(_ payload: Payload, at time: SimTime) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        entries.append(entry)
        siftUp(from: entries.count - 1)
    }

    /// Removes and returns the earliest event.
    @inlinable
    public mutating func pop() -> (time: SimTime, payload: Payload)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.time, last.payload) }
        let first = entries[0]
        entries[0] = last
        siftDown(from: 0)
        return (first.time, first.payload)
    }

    /// Every queued event in the order they will come out; for inspection, not the hot loop.
    public func sorted() -> [(time: SimTime, payload: Payload)] {
        entries.sorted { $0.precedes($1) }.map { ($0.time, $0.payload) }
    }

    /// Keeps only the events `keep` accepts, preserving their order.
    public mutating func removeAll(where remove: (Payload) -> Bool) {
        let kept = entries.filter { !remove($0.payload) }.sorted { $0.precedes($1) }
        entries = kept  // a sorted array is a valid heap
    }

    @inlinable
    mutating func siftUp(from start: Int) {
        var child = start
        let moving = entries[child]
        while child > 0 {
            let parent = (child - 1) / 2
            guard moving.precedes(entries[parent]) else { break }
            entries[child] = entries[parent]
            child = parent
        }
        entries[child] = moving
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        let count = entries.count
        var parent = start
        let moving = entries[parent]
        while true {
            var child = 2 * parent + 1
            guard child < count else { break }
            if child + 1 < count, entries[child + 1].precedes(entries[child]) { child += 1 }
            guard entries[child].precedes(moving) else { break }
            entries[parent] = entries[child]
            parent = child
        }
        entries[parent] = moving
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
