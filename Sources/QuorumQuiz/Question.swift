/// The kinds of question a lesson can ask; the lesson format names them in `kind:`.
public enum QuestionKind: String, CaseIterable, Sendable {
    case choice, multi, truefalse, numeric, text, order, predict
}

/// How far a numeric answer may be from the right one.
public enum Tolerance: Sendable, Equatable {
    /// `tolerance: 0.01`
    case absolute(Double)
    /// `tolerance: 5%`, stored as the fraction 0.05 of the right answer.
    case relative(Double)

    public func accepts(_ given: Double, expected: Double) -> Bool {
        switch self {
        case .absolute(let delta): abs(given - expected) <= delta + 1e-12
        case .relative(let fraction): abs(given - expected) <= abs(expected) * fraction + 1e-12
        }
    }
}

/// A simulation whose metric is the answer to a `predict` question.
public struct PredictSpec: Sendable, Equatable {
    public var model: String
    /// `name=value` overrides as written in the lesson, in order.
    public var params: [SimParameter]
    public var seed: UInt64
    public var metric: String

    public init(model: String, params: [SimParameter], seed: UInt64, metric: String) {
        self.model = model
        self.params = params
        self.seed = seed
        self.metric = metric
    }
}

/// One `name: value` from a lesson's `params:`, kept as text until a model checks it.
public struct SimParameter: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// The right answer, by kind. Choice indices are 0-based positions in the lesson's own order.
public enum AnswerKey: Sendable, Equatable {
    case choice(Int)
    case multi([Int])
    case truefalse(Bool)
    case numeric(Double, Tolerance?)
    /// Accepted phrasings.
    case text([String])
    /// Item indices in the right order.
    case order([Int])
    /// Computed by running the simulation.
    case predict(PredictSpec, Tolerance?)
}

/// A question as a lesson declares it.
public struct Question: Sendable, Equatable {
    /// Stable kebab-case id; attempts and reviews are keyed on it.
    public var id: String
    public var prompt: String
    /// `choices` for choice and multi, `items` for order; empty otherwise.
    public var options: [String]
    public var answer: AnswerKey
    public var hint: String?
    public var explain: String?

    public init(
        id: String, prompt: String, options: [String] = [], answer: AnswerKey, hint: String? = nil,
        explain: String? = nil
    ) {
        self.id = id
        self.prompt = prompt
        self.options = options
        self.answer = answer
        self.hint = hint
        self.explain = explain
    }

    public var kind: QuestionKind {
        switch answer {
        case .choice: .choice
        case .multi: .multi
        case .truefalse: .truefalse
        case .numeric: .numeric
        case .text: .text
        case .order: .order
        case .predict: .predict
        }
    }
}
