import QuorumSim

/// One service of the call graph: the operation it serves and how it serves it.
///
/// A service does `before` of work, then makes its calls stage by stage (the calls of a stage
/// go out together and run in parallel; the next stage starts when every one of them has
/// answered or timed out), then does `after` of work and replies.
struct ServiceSpec: Sendable {
    let name: String
    let operation: String
    let before: SimTime
    /// Indices of the services called, stage by stage.
    let stages: [[Int]]
    let after: SimTime
}

/// The services a checkout request passes through, as a small shop might run them.
///
/// ```
/// gateway  GET /checkout     2ms, then:
///   auth     verify token      4ms                      (first, alone)
///   cart     load cart         3ms, pricing, 2ms     ┐
///     pricing  price items     10ms                  │  (together)
///   inventory  check stock     8ms                   │
///   recommendations  suggest  25ms                   ┘
///   payments charge card       5ms, fraud, 3ms          (last, alone)
///     fraud    score payment   12ms
/// then 1ms, and the gateway answers.
/// ```
enum CallGraph {
    static let services: [ServiceSpec] = [
        ServiceSpec(
            name: "gateway", operation: "GET /checkout", before: ms(2), stages: [[1], [2, 4, 5], [6]], after: ms(1)),
        ServiceSpec(name: "auth", operation: "verify token", before: ms(4), stages: [], after: 0),
        ServiceSpec(name: "cart", operation: "load cart", before: ms(3), stages: [[3]], after: ms(2)),
        ServiceSpec(name: "pricing", operation: "price items", before: ms(10), stages: [], after: 0),
        ServiceSpec(name: "inventory", operation: "check stock", before: ms(8), stages: [], after: 0),
        ServiceSpec(name: "recommendations", operation: "suggest items", before: ms(25), stages: [], after: 0),
        ServiceSpec(name: "payments", operation: "charge card", before: ms(5), stages: [[7]], after: ms(3)),
        ServiceSpec(name: "fraud", operation: "score payment", before: ms(12), stages: [], after: 0),
    ]

    static var names: [String] { services.map(\.name) }

    /// `pricing (n4)`: the service and the node it runs on.
    static func serviceAndNode(_ index: Int) -> String {
        "\(services[index].name) (n\(index + 1))"
    }

    private static func ms(_ count: Int64) -> SimTime { count * SimDuration.millisecond }
}
