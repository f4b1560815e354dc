import QuorumQuiz

/// One lesson file: front matter, the overview, and its steps in order.
public struct Lesson: Sendable, Equatable {
    /// Kebab-case, equal to the file name without `.md`; progress is keyed on it.
    public var id: String
    public var title: String
    public var summary: String
    /// The author's estimate of the time it takes; 0 when the lesson does not say.
    public var minutes: Int
    /// Advisory prerequisites, by lesson id.
    public var requires: [String]
    public var tags: [String]
    /// The Markdown before the first `## ` step.
    public var overview: String
    public var steps: [Step]
    /// The file it came from, as the loader names it (`lessons/cap.md`).
    public var file: String

    public init(
        id: String, title: String, summary: String = "", minutes: Int = 0, requires: [String] = [],
        tags: [String] = [], overview: String = "", steps: [Step] = [], file: String = ""
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.minutes = minutes
        self.requires = requires
        self.tags = tags
        self.overview = overview
        self.steps = steps
        self.file = file
    }

    /// Every quiz block of every step, in the order the lesson asks them.
    public var questions: [Question] {
        steps.flatMap { step in
            step.blocks.compactMap { block in
                if case .quiz(let question) = block { return question }
                return nil
            }
        }
    }
}

/// A step: what sits under one `## ` heading, up to the next.
public struct Step: Sendable, Equatable {
    public var title: String
    public var blocks: [StepBlock]
    /// The heading's line in the lesson file.
    public var line: Int

    public init(title: String, blocks: [StepBlock] = [], line: Int = 0) {
        self.title = title
        self.blocks = blocks
        self.line = line
    }
}

/// A piece of a step, in the order the file gives them.
public enum StepBlock: Sendable, Equatable {
    /// Prose, including ordinary fenced code, with surrounding blank lines trimmed.
    case markdown(String)
    case sim(SimBlock)
    case quiz(Question)
}

/// A ```` ```sim ```` block: a simulation the learner can run and re-run with other parameters.
public struct SimBlock: Sendable, Equatable {
    /// The model's registry name (`request-reply`).
    public var model: String
    /// Overrides as written, in order; values are text until the model checks them.
    public var params: [SimParameter]
    /// 1 when the block does not say.
    public var seed: UInt64
    public var caption: String?
    /// The opening fence.
    public var location: SourceLocation

    public init(
        model: String, params: [SimParameter] = [], seed: UInt64 = 1, caption: String? = nil, location: SourceLocation
    ) {
        self.model = model
        self.params = params
        self.seed = seed
        self.caption = caption
        self.location = location
    }
}
