import QuorumSim

/// Which node owns each key: the node `hash mod n` names, or the node whose point comes next
/// after the key's hash on a hash ring (Karger et al.'s consistent hashing), with each node
/// placed at `vnodes` points.
///
/// Hashes are stable across processes (FNV-1a, then SplitMix64's finaliser to spread FNV's
/// weak low bits) and mixed with the run's seed, so another seed places the nodes and keys
/// elsewhere. A node's points depend only on its name, its point number and the seed, so the
/// same node sits at the same points before and after another node joins.
struct KeyPlacement {
    enum Scheme: String, CaseIterable {
        case ring
        case modulo
    }

    let scheme: Scheme
    /// The nodes that own keys, by index, ascending.
    let members: [Int]
    /// The ring's points, ascending, and the node each belongs to; empty for modulo.
    private let points: [UInt64]
    private let pointOwners: [Int]

    init(scheme: Scheme, members: [Int], vnodes: Int, seed: UInt64) {
        self.scheme = scheme
        self.members = members
        guard scheme == .ring else {
            points = []
            pointOwners = []
            return
        }
        var placed: [(point: UInt64, node: Int)] = []
        placed.reserveCapacity(members.count * vnodes)
        for node in members {
            for vnode in 0..<vnodes {
                placed.append((Self.ringPoint(node: node, vnode: vnode, seed: seed), node))
            }
        }
        // Two points can collide only with probability about (points² / 2⁶⁵); the node index
        // breaks such a tie the same way every time.
        placed.sort { ($0.point, $0.node) < ($1.point, $1.node) }
        points = placed.map(\.point)
        pointOwners = placed.map(\.node)
    }

    /// Where the `vnode`th point of node `node` (named `n<node+1>`) sits on the ring.
    static func ringPoint(node: Int, vnode: Int, seed: UInt64) -> UInt64 {
        spread(stableHash("n\(node + 1)#\(vnode)") ^ spread(seed))
    }

    /// The hash of key number `key` (named `key-<key>`).
    static func keyHash(_ key: Int, seed: UInt64) -> UInt64 {
        spread(stableHash("key-\(key)") ^ spread(seed ^ 0x6B65_7973))
    }

    /// SplitMix64's output function: every input bit affects every output bit.
    static func spread(_ value: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: value)
        return generator.next()
    }

    /// The node that owns a key with this hash.
    func owner(of hash: UInt64) -> Int {
        switch scheme {
        case .modulo:
            return members[Int(hash % UInt64(members.count))]
        case .ring:
            // The first point at or after the hash, wrapping round to the first point.
            var low = 0
            var high = points.count
            while low < high {
                let middle = (low + high) / 2
                if points[middle] < hash { low = middle + 1 } else { high = middle }
            }
            return pointOwners[low == points.count ? 0 : low]
        }
    }

    /// The fraction of all possible hashes that `node` owns: its arcs of the ring, or 1/n.
    func share(of node: Int) -> Double {
        guard members.contains(node) else { return 0 }
        guard scheme == .ring else { return 1 / Double(members.count) }
        var owned: Double = 0
        for index in points.indices where pointOwners[index] == node {
            // The arc from the previous point (exclusive) up to this one; the first point's arc
            // wraps round from the last.
            let previous = index == 0 ? points[points.count - 1] : points[index - 1]
            let arc = points[index] &- previous
            owned += points.count == 1 ? 0x1p64 : Double(arc)
        }
        return owned / 0x1p64
    }

    /// How many points the ring has in all (0 for modulo).
    var pointCount: Int { points.count }
}
