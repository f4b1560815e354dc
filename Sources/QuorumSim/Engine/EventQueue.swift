/// A priority queue of events ordered by `(time, sequence)`: earliest first, and among events
/// at the same instant, the one scheduled first.
///
/// `Heap` from swift-collections is not stable, so equal times would come out in an order that
/// depends on the heap's history; the sequence number makes the order total and reproducible.
///
/// Built for the simulator's hot loop: a four-ary heap (half the depth of a binary one) whose
/// comparisons are one 128-bit compare of (time, sequence) and whose choice among children
/// avoids branches, since which child is smallest is a coin toss the processor cannot predict.
/// A simulator usually pushes an event right after it pops one (a delivery causes a send), so
/// `pop` leaves a hole at the root and the next `push` fills it with one sift down, instead of
/// a sift down to fill the hole and a sift up for the new event.
public struct EventQueue<Payload> {
    @usableFromInline
    struct Entry {
        /// Time, offset so that signed order becomes unsigned order.
        @usableFromInline var time: UInt64
        @usableFromInline var sequence: UInt64
        @usableFromInline var payload: Payload

        @inlinable
        init(time: SimTime, sequence: UInt64, payload: Payload) {
            self.time = UInt64(bitPattern: time) ^ (1 << 63)
            self.sequence = sequence
            self.payload = payload
        }

        @inlinable
        var simTime: SimTime { SimTime(bitPattern: time ^ (1 << 63)) }

        @inlinable
        var key: UInt128 { UInt128(time) << 64 | UInt128(sequence) }
    }

    @usableFromInline var entries: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    /// `entries[0]` was popped and awaits the next push (or `settle()`).
    @usableFromInline var rootIsHole = false

    public init() {}

    @inlinable public var count: Int { entries.count - (rootIsHole ? 1 : 0) }
    @inlinable public var isEmpty: Bool { count == 0 }

    /// When the earliest event happens, if there is one.
    @inlinable
    public mutating func nextTime() -> SimTime? {
        settle()
        return entries.first?.simTime
    }

    /// Adds an event; it comes out after every event already queued for the same time.
    @inlinable
    public mutating func push(_ payload: Payload, at time: SimTime) {
        let entry = Entry(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        if rootIsHole {
            rootIsHole = false
            entries[0] = entry
            siftDown(from: 0)
        } else {
            entries.append(entry)
            siftUp(from: entries.count - 1)
        }
    }

    /// Removes and returns the earliest event.
    @inlinable
    public mutating func pop() -> (time: SimTime, payload: Payload)? {
        settle()
        guard let first = entries.first else { return nil }
        rootIsHole = true
        return (first.simTime, first.payload)
    }

    /// Fills a hole left by `pop` with the last entry.
    @inlinable
    mutating func settle() {
        guard rootIsHole else { return }
        rootIsHole = false
        let last = entries.removeLast()
        guard !entries.isEmpty else { return }
        entries[0] = last
        siftDown(from: 0)
    }

    /// Every queued event in the order they will come out; for inspection, not the hot loop.
    public func sorted() -> [(time: SimTime, payload: Payload)] {
        entries.dropFirst(rootIsHole ? 1 : 0).sorted { $0.key < $1.key }.map { ($0.simTime, $0.payload) }
    }

    @inlinable
    mutating func siftUp(from start: Int) {
        entries.withUnsafeMutableBufferPointer { heap in
            var child = start
            let moving = heap[child]
            let key = moving.key
            while child > 0 {
                let parent = (child - 1) / 4
                guard key < heap[parent].key else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = moving
        }
    }

    @inlinable
    mutating func siftDown(from start: Int) {
        // Unchecked indexing: every index below is derived from `count`.
        entries.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = start
            let moving = heap[parent]
            let key = moving.key
            while true {
                let first = 4 * parent + 1
                guard first < count else { break }
                var child = first
                var smallest = heap[first].key
                if first + 3 < count {
                    // All four children exist: pick the smallest without branching.
                    for candidate in (first + 1)...(first + 3) {
                        let candidateKey = heap[candidate].key
                        let less = candidateKey < smallest
                        child = less ? candidate : child
                        smallest = less ? candidateKey : smallest
                    }
                } else {
                    var candidate = first + 1
                    while candidate < count {
                        let candidateKey = heap[candidate].key
                        if candidateKey < smallest {
                            child = candidate
                            smallest = candidateKey
                        }
                        candidate += 1
                    }
                }
                guard smallest < key else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = moving
        }
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
extension EventQueue.Entry: Sendable where Payload: Sendable {}
