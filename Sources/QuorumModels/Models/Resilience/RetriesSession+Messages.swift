import QuorumSim

/// What a `retries` run is made of: its settings, the messages and timers, and what each kind
/// of process keeps in memory and on disk.
extension RetriesSession {
    struct Settings {
        var backoff: Backoff
        var budget: Int
        var timeout: SimTime
        var capacity: Int
        var serviceTime: SimTime
        var failure: Double
        var breaker: Bool
        var breakerThreshold: Int
        var breakerOpen: SimTime
        var breakerProbes: Int
    }

    /// How a try ended, as the server or the proxy answered it.
    enum Outcome: Equatable {
        case ok
        /// The server was full and turned the call away.
        case busy
        /// The server worked on the call and it failed.
        case error
        /// The open breaker refused the call without sending it on.
        case refused

        var word: String {
            switch self {
            case .ok: "ok"
            case .busy: "busy"
            case .error: "error"
            case .refused: "refused (open)"
            }
        }
    }

    enum Message: TraceDescribable {
        /// Try number `attempt` of client `client` (a process index).
        case call(client: Int, attempt: Int)
        case reply(client: Int, attempt: Int, Outcome)

        var traceLabel: String {
            switch self {
            case .call(_, let attempt): "try \(attempt)"
            case .reply(_, _, let outcome): outcome.word
            }
        }

        var traceDetail: String {
            switch self {
            case .call(let client, let attempt): "call from process \(client + 1), try \(attempt)"
            case .reply(let client, let attempt, let outcome):
                "\(outcome.word) for process \(client + 1), try \(attempt)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// On a client: no reply to this try in time.
        case timeout(attempt: Int)
        /// On a client: the backoff before the next try is over.
        case backoffOver
        /// On the server: it has finished working on a call.
        case work(client: Int, attempt: Int)
        /// On the proxy: no reply from the server to a call it forwarded.
        case proxyTimeout(client: Int, attempt: Int)
        /// On the proxy: the breaker's open period is over.
        case halfOpen

        var traceLabel: String {
            switch self {
            case .timeout(let attempt): "timeout try \(attempt)"
            case .backoffOver: "backoff over"
            case .work(_, let attempt): "done try \(attempt)"
            case .proxyTimeout(_, let attempt): "no reply try \(attempt)"
            case .halfOpen: "half-open"
            }
        }
    }

    struct ServerMemory {
        var working = 0
    }

    struct ProxyMemory {
        var breaker: CircuitBreaker
        /// Calls forwarded and not yet answered, with the breaker generation that let them
        /// through and their timeout.
        var pending: [CallKey: (generation: Int, timer: TimerID)] = [:]
    }

    struct CallKey: Hashable {
        var client: Int
        var attempt: Int
    }

    struct ClientDisk {
        var finished = false
        var succeeded = false
    }

    struct ClientMemory {
        var tries = 0
        var previousWait: SimTime
        /// The try waiting for a reply, if any, and its timeout.
        var outstanding: Int?
        var timer: TimerID?
        /// When the next try goes out, while the client sleeps.
        var nextTryAt: SimTime?
    }
}
