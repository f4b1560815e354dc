import QuorumTerminal

/// The spans of one checkout request through eight services, pricing slow, as the `tracing`
/// model records them with its defaults, in milliseconds from the gateway's start.
enum CheckoutTrace {
    static let rows: [TraceWaterfall.Row] = spans.enumerated().map { index, span in
        TraceWaterfall.Row(
            depth: span.depth, label: span.label, start: span.start * 1_000, end: span.end * 1_000,
            highlighted: span.highlighted, detail: "span 00000000000000a\(index), started at \(span.start)ms")
    }

    private static let spans: [(depth: Int, label: String, start: Int64, end: Int64, highlighted: Bool)] = [
        (0, "gateway: GET /checkout", 0, 202, true),
        (1, "auth: verify token", 3, 7, true),
        (1, "cart: load cart", 9, 176, true),
        (2, "pricing: price items", 13, 173, true),
        (1, "inventory: check stock", 9, 17, false),
        (1, "recommendations: suggest items", 9, 34, false),
        (1, "payments: charge card", 178, 200, true),
        (2, "fraud: score payment", 184, 196, true),
    ]
}
