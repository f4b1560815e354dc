import QuorumSim

/// A trace's id: 16 random bytes, written as 32 lowercase hex digits.
struct TraceID: Hashable, Sendable, CustomStringConvertible {
    let high: UInt64
    let low: UInt64

    var description: String { traceHex(high) + traceHex(low) }
    /// The first eight digits, enough to tell traces apart in a sentence.
    var short: String { String(description.prefix(8)) + "…" }
}

/// What a call carries to continue its caller's trace, as W3C Trace Context's `traceparent`
/// header spells it: version, trace id, the caller's span id, and flags (01: sampled).
struct TraceParent: Sendable, Equatable {
    let traceID: TraceID
    let parentID: UInt64
    let sampled: Bool

    /// `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`
    var header: String { "00-\(traceID)-\(traceHex(parentID))-0\(sampled ? 1 : 0)" }
}

/// One finished piece of work in a trace: a service serving one call.
struct Span: Sendable, Equatable {
    let traceID: TraceID
    let spanID: UInt64
    /// nil for a trace's root.
    let parentID: UInt64?
    /// The service's index in `CallGraph.services`.
    let service: Int
    let operation: String
    /// Read from the service's own clock, as a real tracer does; skew shows.
    let start: SimTime
    let end: SimTime
    /// The service answered with an error (a call it made failed or timed out).
    let failed: Bool
}

/// The spans that set how long a trace took, found the way trace viewers find it: walk back
/// from the root's end, stepping into the child that finished last before that point, then
/// back from that child's start into the child that finished last before it, and so on.
///
/// Whatever time on the path no child covers is the span's own: its work, and the network
/// between it and its callees. The parts add up to the root's duration when the clocks agree.
struct CriticalPath {
    /// Indices into the spans, with the time each contributes to the path, in walk order
    /// (root first).
    private(set) var steps: [(span: Int, time: SimTime)] = []

    var length: SimTime { steps.reduce(0) { $0 + $1.time } }

    func contains(_ span: Int) -> Bool { steps.contains { $0.span == span } }

    init(spans: [Span], root: Int) {
        var children: [UInt64: [Int]] = [:]
        for (index, span) in spans.enumerated() where span.traceID == spans[root].traceID {
            if let parent = span.parentID { children[parent, default: []].append(index) }
        }
        walk(root, until: spans[root].end, spans: spans, children: children)
    }

    private mutating func walk(_ index: Int, until limit: SimTime, spans: [Span], children: [UInt64: [Int]]) {
        let span = spans[index]
        let slot = steps.count
        steps.append((index, 0))
        var cursor = min(span.end, limit)
        var own: SimTime = 0
        var remaining = children[span.spanID] ?? []
        // The latest-finishing child before the cursor; ties go to the earlier span.
        while let next = remaining.filter({ spans[$0].end <= cursor })
            .max(by: { (spans[$0].end, $1) < (spans[$1].end, $0) })
        {
            own += cursor - spans[next].end
            walk(next, until: cursor, spans: spans, children: children)
            cursor = spans[next].start
            remaining.removeAll { $0 == next }
        }
        own += max(0, cursor - span.start)
        steps[slot].time = own
    }
}

/// `value` as 16 lowercase hex digits.
func traceHex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
