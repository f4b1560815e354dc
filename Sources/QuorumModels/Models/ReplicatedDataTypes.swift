import QuorumSim

// State-based replicated data types, after Shapiro, Preguiça, Baquero and Zawirski, "A
// comprehensive study of Convergent and Commutative Replicated Data Types" (INRIA RR-7506,
// 2011), and "Conflict-free Replicated Data Types" (SSS 2011). Each CRDT's states form a
// join-semilattice: `merge` is the least upper bound (commutative, associative, idempotent)
// and every update moves the state up, so replicas that have seen the same updates, in any
// order and any number of times, hold the same state. `NaiveCounter` is the exception, kept
// to show what goes wrong without that structure.

/// A grow-only counter: one slot per replica, and a replica increments only its own slot.
///
/// The value is the sum of the slots; merge takes each slot's maximum. Slot i only ever holds
/// replica i's own count, so the maximum of two copies of it is simply the newer one: no
/// increment is counted twice or dropped.
public struct GCounter: Equatable, Sendable {
    public private(set) var slots: [Int]

    public init(replicas: Int) {
        slots = Array(repeating: 0, count: replicas)
    }

    public var value: Int { slots.reduce(0, +) }

    public mutating func increment(at replica: Int) {
        slots[replica] += 1
    }

    public mutating func merge(_ other: GCounter) {
        for index in slots.indices { slots[index] = max(slots[index], other.slots[index]) }
    }
}

/// A counter that goes up and down: two grow-only counters, one for increments and one for
/// decrements. The value is their difference; merge merges each.
public struct PNCounter: Equatable, Sendable {
    public private(set) var increments: GCounter
    public private(set) var decrements: GCounter

    public init(replicas: Int) {
        increments = GCounter(replicas: replicas)
        decrements = GCounter(replicas: replicas)
    }

    public var value: Int { increments.value - decrements.value }

    public mutating func increment(at replica: Int) { increments.increment(at: replica) }
    public mutating func decrement(at replica: Int) { decrements.increment(at: replica) }

    public mutating func merge(_ other: PNCounter) {
        increments.merge(other.increments)
        decrements.merge(other.decrements)
    }
}

/// An observed-remove set (add wins): each add tags the element with a tag no other add uses,
/// and a remove removes the tags the remover has seen, so an add the remover had not seen, made
/// concurrently elsewhere, survives the merge.
///
/// State-based form: the tags ever added, and the tags removed (tombstones). Merge takes the
/// union of each; an element is in the set while one of its tags is added and not removed.
public struct ORSet: Equatable, Sendable {
    /// A unique tag: the replica that added the element, and that replica's count of adds.
    public struct Tag: Hashable, Comparable, Sendable {
        public var element: Int
        public var replica: Int
        public var sequence: Int

        public init(element: Int, replica: Int, sequence: Int) {
            self.element = element
            self.replica = replica
            self.sequence = sequence
        }

        public static func < (lhs: Tag, rhs: Tag) -> Bool {
            (lhs.element, lhs.replica, lhs.sequence) < (rhs.element, rhs.replica, rhs.sequence)
        }
    }

    public private(set) var added: Set<Tag> = []
    public private(set) var removed: Set<Tag> = []

    public init() {}

    /// The elements in the set, smallest first.
    public var elements: [Int] {
        Set(added.subtracting(removed).map(\.element)).sorted()
    }

    public func contains(_ element: Int) -> Bool {
        added.contains { $0.element == element && !removed.contains($0) }
    }

    /// Adds `element` with a fresh tag; `sequence` must be new for `replica`.
    public mutating func add(_ element: Int, replica: Int, sequence: Int) {
        added.insert(Tag(element: element, replica: replica, sequence: sequence))
    }

    /// Removes the element's tags this replica has seen; tags it has not seen are untouched.
    public mutating func remove(_ element: Int) {
        removed.formUnion(added.filter { $0.element == element })
    }

    public mutating func merge(_ other: ORSet) {
        added.formUnion(other.added)
        removed.formUnion(other.removed)
    }
}

/// A last-writer-wins register: a value with the timestamp of the write that set it; merge
/// keeps the one with the larger timestamp.
///
/// Timestamps are unique and totally ordered: the writer's clock reading, with the replica's
/// number to break ties. A replica stamps a write with its clock, or just above the timestamp
/// it holds if its clock is behind, so a write always supersedes what its replica had seen and
/// no replica stamps two writes alike (Shapiro et al. ask for unique timestamps consistent with
/// causality).
public struct LWWRegister: Equatable, Sendable {
    public struct Stamp: Comparable, Sendable {
        public var time: SimTime
        public var replica: Int

        public static func < (lhs: Stamp, rhs: Stamp) -> Bool {
            (lhs.time, lhs.replica) < (rhs.time, rhs.replica)
        }
    }

    /// Nil until the first write reaches this replica.
    public private(set) var value: Int?
    public private(set) var stamp: Stamp?

    public init() {}

    /// Sets the value, stamped at `clock` (or just after the current stamp, if later).
    public mutating func assign(_ value: Int, clock: SimTime, replica: Int) {
        let time = max(clock, (stamp?.time ?? clock - 1) + 1)
        self.value = value
        stamp = Stamp(time: time, replica: replica)
    }

    public mutating func merge(_ other: LWWRegister) {
        guard let theirs = other.stamp else { return }
        if let mine = stamp, mine >= theirs { return }
        value = other.value
        stamp = theirs
    }
}

/// The counter people write first: one integer per replica, incremented in place and gossiped
/// whole, with merge keeping the larger value.
///
/// It converges (max is commutative, associative and idempotent), but it loses increments: the
/// integer does not say whose increments it holds. Two replicas at 5 that each increment hold 6
/// and 6, and the maximum is 6, not 7. (The other naive merge, adding the received value or
/// delta, double-counts every time the same state is gossiped twice.)
public struct NaiveCounter: Equatable, Sendable {
    public private(set) var value = 0

    public init() {}

    public mutating func increment() { value += 1 }

    public mutating func merge(_ other: NaiveCounter) {
        value = max(value, other.value)
    }
}
