/// A simulated process: a node (`n1`, `n2`, ...) or a client (`c1`, ...), by its index in the
/// run's `names`. Nodes come first, so `NodeID(0)` is `n1`, the initial leader where a model
/// has one.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int

    @inlinable
    public init(_ index: Int) {
        self.index = index
    }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }

    public var description: String { "#\(index)" }
}

/// The names of a run's processes: `n1...nN` then `c1...cM`.
public func processNames(nodes: Int, clients: Int) -> [String] {
    (0..<nodes).map { "n\($0 + 1)" } + (0..<clients).map { "c\($0 + 1)" }
}
