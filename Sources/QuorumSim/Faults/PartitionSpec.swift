/// Which links a partition cuts, as the learner writes it.
///
/// `n1,n2|n3` splits the named processes into groups that cannot reach each other in either
/// direction; `n1,n2->n3` (or `n1,n2>n3`) cuts only traffic from the left group to the right
/// one, so replies still flow back. A process named in no group keeps all of its links.
public struct PartitionSpec: Sendable, Equatable, CustomStringConvertible {
    public enum Shape: Sendable, Equatable {
        /// Every pair of groups is cut both ways.
        case symmetric
        /// Traffic from `groups[0]` to `groups[1]` is cut; the other way flows.
        case oneWay
    }

    public var groups: [[String]]
    public var shape: Shape

    public init(groups: [[String]], shape: Shape) {
        self.groups = groups
        self.shape = shape
    }

    public static let accepts =
        "groups of processes, like \"n1,n2|n3\" (cut both ways) or \"n1,n2->n3\" (cut one way, from left to right)"

    public var description: String {
        groups.map { $0.joined(separator: ",") }.joined(separator: shape == .symmetric ? "|" : "->")
    }

    public static func parse(_ text: String) throws(FaultSyntaxError) -> PartitionSpec {
        let trimmed = text.filter { !$0.isWhitespace && $0 != "\"" }
        let shape: Shape
        let parts: [Substring]
        if trimmed.contains("|") {
            guard !trimmed.contains(">") else {
                throw FaultSyntaxError("'\(text)' mixes '|' and '->'; use one kind of cut")
            }
            shape = .symmetric
            parts = trimmed.split(separator: "|", omittingEmptySubsequences: false)
        } else if trimmed.contains(">") {
            shape = .oneWay
            parts = trimmed.replacing("->", with: ">").split(separator: ">", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw FaultSyntaxError("a one-way cut has two sides, like \"n1,n2->n3\"")
            }
        } else {
            throw FaultSyntaxError("'\(text)' has one group; separate groups with '|' (or '->' for one way)")
        }
        var seen: [String] = []
        var groups: [[String]] = []
        for part in parts {
            let names = part.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
                throw FaultSyntaxError("'\(text)' has an empty group or a stray comma")
            }
            for name in names {
                guard ProcessName.isWellFormed(name) else {
                    throw FaultSyntaxError("'\(name)' is not a process name like n1 or c2")
                }
                guard !seen.contains(name) else {
                    throw FaultSyntaxError("\(name) is named twice; a process belongs to one group")
                }
                seen.append(name)
            }
            groups.append(names)
        }
        return PartitionSpec(groups: groups, shape: shape)
    }
}

/// Names of simulated processes: nodes `n1`, `n2`, ... and clients `c1`, `c2`, ...
public enum ProcessName {
    public static func isWellFormed(_ name: String) -> Bool {
        guard let first = name.first, first == "n" || first == "c" else { return false }
        let digits = name.dropFirst()
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            && digits.first != "0"
    }
}
