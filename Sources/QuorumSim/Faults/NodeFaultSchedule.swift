/// A fault that happens to one node at a planned time: `crash=n1@2s`, `restart=n1@4s`.
public struct ScheduledNodeFault: Sendable, Equatable, CustomStringConvertible {
    public enum Target: Sendable, Equatable {
        case node(String)
        /// Whichever node leads when the time comes (for models with a leader).
        case leader
    }

    public var target: Target
    public var time: SimTime

    public init(target: Target, time: SimTime) {
        self.target = target
        self.time = time
    }

    public var description: String {
        switch target {
        case .node(let name): "\(name)@\(SimDuration.format(time))"
        case .leader: "leader@\(SimDuration.format(time))"
        }
    }

    public static let accepts = "node@time, comma-separated, like n1@2s or \"n1@2s,n3@5s\" (leader@2s for the leader)"

    /// Parses `n1@2s`, `leader@2s`, or several separated by commas; the list comes back in
    /// time order (ties in the order written).
    public static func parseList(_ text: String) throws(FaultSyntaxError) -> [ScheduledNodeFault] {
        let items = text.filter { !$0.isWhitespace && $0 != "\"" }.split(
            separator: ",", omittingEmptySubsequences: false)
        var faults: [ScheduledNodeFault] = []
        for item in items {
            let pieces = item.split(separator: "@", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty else {
                throw FaultSyntaxError("'\(item)' is not node@time, like n1@2s")
            }
            guard let time = SimDuration.parse(String(pieces[1])) else {
                throw FaultSyntaxError("'\(pieces[1])' in '\(item)' is not a time, like 2s or 500ms")
            }
            let name = String(pieces[0]).lowercased()
            if name == "leader" {
                faults.append(ScheduledNodeFault(target: .leader, time: time))
            } else {
                guard ProcessName.isWellFormed(name) else {
                    throw FaultSyntaxError("'\(name)' is not a node name like n1, or leader")
                }
                faults.append(ScheduledNodeFault(target: .node(name), time: time))
            }
        }
        return faults.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}

/// A per-node clock setting: `skew="n2=+50ms"` or `drift="n2=+100ppm"`.
public struct NodeClockSetting: Sendable, Equatable, CustomStringConvertible {
    public var node: String
    /// Microseconds for skew; parts per million for drift.
    public var amount: Int64
    /// Whether `amount` is a drift rate in parts per million rather than an offset.
    public var ppm: Bool

    public init(node: String, amount: Int64, ppm: Bool = false) {
        self.node = node
        self.amount = amount
        self.ppm = ppm
    }

    /// Written back the way a learner types it, so it parses to the same setting.
    public var description: String {
        let magnitude = Int64(amount.magnitude)
        return "\(node)=\(amount >= 0 ? "+" : "-")\(ppm ? "\(magnitude)ppm" : SimDuration.format(magnitude))"
    }

    public static let acceptsSkew = "node=offset, comma-separated, like \"n2=+50ms\" or \"n2=+50ms,n3=-20ms\""
    public static let acceptsDrift =
        "node=rate in ppm, comma-separated, like \"n2=+100ppm\" or \"n2=+100ppm,n3=-50ppm\""

    /// Parses `n2=+50ms,n3=-20ms` (skew) or `n2=+100ppm` (drift, with `ppm: true`).
    public static func parseList(_ text: String, ppm: Bool) throws(FaultSyntaxError) -> [NodeClockSetting] {
        let items = text.filter { !$0.isWhitespace && $0 != "\"" }.split(
            separator: ",", omittingEmptySubsequences: false)
        var settings: [NodeClockSetting] = []
        for item in items {
            let pieces = item.split(separator: "=", omittingEmptySubsequences: false)
            let example = ppm ? "n2=+100ppm" : "n2=+50ms"
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw FaultSyntaxError("'\(item)' is not node=amount, like \(example)")
            }
            let name = String(pieces[0]).lowercased()
            guard ProcessName.isWellFormed(name) else { throw FaultSyntaxError("'\(name)' is not a node name like n2") }
            guard !settings.contains(where: { $0.node == name }) else {
                throw FaultSyntaxError("\(name) is set twice")
            }
            var amountText = Substring(pieces[1].lowercased())
            var sign: Int64 = 1
            if let first = amountText.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                amountText = amountText.dropFirst()
            }
            let magnitude: Int64?
            if ppm {
                let digits = amountText.hasSuffix("ppm") ? amountText.dropLast(3) : amountText
                magnitude = Int64(digits).flatMap { $0 <= 1_000_000 ? $0 : nil }
            } else {
                magnitude = SimDuration.parse(String(amountText))
            }
            guard let magnitude else {
                throw FaultSyntaxError(
                    "'\(pieces[1])' is not \(ppm ? "a rate in parts per million, like +100ppm" : "an offset, like +50ms or -20ms")"
                )
            }
            // At -1,000,000 ppm a clock stands still, and a timer on it would never go off.
            guard !ppm || sign * magnitude > -1_000_000 else {
                throw FaultSyntaxError("'\(pieces[1])' would stop \(name)'s clock; a drift must be above -1000000ppm")
            }
            settings.append(NodeClockSetting(node: name, amount: sign * magnitude, ppm: ppm))
        }
        return settings
    }
}

/// A latency override for one link: `links="n1-n3=100ms"` (both ways) or `n1>n3=exp(50ms)` (one way).
public struct LinkLatency: Sendable, Equatable, CustomStringConvertible {
    public var from: String
    public var to: String
    public var bothWays: Bool
    public var latency: LatencyDistribution

    public init(from: String, to: String, bothWays: Bool, latency: LatencyDistribution) {
        self.from = from
        self.to = to
        self.bothWays = bothWays
        self.latency = latency
    }

    public var description: String { "\(from)\(bothWays ? "-" : ">")\(to)=\(latency)" }

    public static let accepts =
        "link=latency, separated by ';', like \"n1-n3=100ms\" (both ways) or \"n1>n3=exp(50ms);n2-n3=uniform(1ms,5ms)\""

    public static func parseList(_ text: String) throws(FaultSyntaxError) -> [LinkLatency] {
        let items = text.filter { $0 != "\"" }.split(separator: ";", omittingEmptySubsequences: false)
        var links: [LinkLatency] = []
        for item in items {
            guard let equals = item.firstIndex(of: "=") else {
                throw FaultSyntaxError("'\(item)' is not link=latency, like n1-n3=100ms")
            }
            let link = item[..<equals].filter { !$0.isWhitespace }
            let bothWays = !link.contains(">")
            let ends = link.split(separator: bothWays ? "-" : ">", omittingEmptySubsequences: false).map(String.init)
            guard ends.count == 2, ends.allSatisfy(ProcessName.isWellFormed), ends[0] != ends[1] else {
                throw FaultSyntaxError("'\(link)' is not a link between two processes, like n1-n3 or n1>n3")
            }
            let latency = try LatencyDistribution.parse(String(item[item.index(after: equals)...]))
            links.append(LinkLatency(from: ends[0], to: ends[1], bothWays: bothWays, latency: latency))
        }
        return links
    }
}
