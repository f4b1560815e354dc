/// One event of a run, named the way a learner points at it: `n1:3` is the third event on n1.
///
/// Events on a node are counted from 1 in the order they happen there, whatever their kind
/// (a local step, a send or a receive), which is also what the node's own entry of its vector
/// clock counts.
public struct EventReference: Sendable, Equatable, CustomStringConvertible {
    /// The node's index: 0 for n1.
    public var node: Int
    /// Which of the node's events, from 1.
    public var number: Int

    public init(node: Int, number: Int) {
        self.node = node
        self.number = number
    }

    public var description: String { "n\(node + 1):\(number)" }

    public static let accepts = "an event as node:number, like n1:3 (the third event on n1), or none"

    /// Parses `n1:3`; nil for anything else, including event 0 and node n0.
    public static func parse(_ text: String) -> EventReference? {
        let pieces = text.lowercased().split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces[0].first == "n",
            let node = Int(pieces[0].dropFirst()), node >= 1, node <= 1_000_000,
            let number = Int(pieces[1]), number >= 1, number <= 1_000_000_000
        else { return nil }
        return EventReference(node: node - 1, number: number)
    }
}
