import QuorumQuiz

/// The part of a lesson after the front matter: the overview, then the steps with their blocks.
struct BodyParser {
    let source: SourceText
    var log: DiagnosticLog
    private(set) var overview = ""
    private(set) var steps: [Step] = []
    private(set) var questionIDs: [SpannedText] = []
    private(set) var simulations: [SimulationUse] = []
    /// Prose lines not yet made into a block.
    private var pending: [String] = []

    init(source: SourceText, log: DiagnosticLog) {
        self.source = source
        self.log = log
    }

    mutating func parse(from start: Int) {
        var number = start
        while number <= source.lines.count {
            let line = source.lines[number - 1]
            if let fence = MarkdownLine.fence(line) {
                number = fenced(fence, openingAt: number) + 1
                continue
            }
            if let title = MarkdownLine.stepTitle(line) {
                flushProse()
                if title.isEmpty {
                    log.error("a step heading needs a title after '## '", at: source.spanOfLine(number))
                }
                steps.append(Step(title: title, blocks: [], line: number))
            } else {
                pending.append(line)
            }
            number += 1
        }
        flushProse()
    }

    /// Handles the fence opening at line `opening`; returns the line of its closing fence (the
    /// last line, when it never closes).
    private mutating func fenced(_ fence: MarkdownLine.Fence, openingAt opening: Int) -> Int {
        let count = source.lines.count
        let closing = ((opening + 1)...max(opening + 1, count)).first { fence.isClosed(by: source.line($0) ?? "") }
        let fenceSpan = source.span(line: opening, column: fence.indent + 1, length: fence.count + fence.tag.count)
        if closing == nil {
            let marker = String(repeating: String(fence.marker), count: fence.count)
            log.error("code fence is never closed: add a '\(marker)' line after the block", at: fenceSpan)
        }
        let end = closing ?? count
        guard fence.tag == "sim" || fence.tag == "quiz" else {
            pending += source.lines[(opening - 1)..<min(end, count)]
            return end
        }
        guard let closing else { return end }
        guard !steps.isEmpty else {
            log.error(
                "a \(fence.tag) block must be inside a step: put a '## ' heading above it", at: fenceSpan)
            return end
        }
        flushProse()
        let region = YAMLRegion(source: source, lines: (opening + 1)..<closing, indent: fence.indent)
        let block: StepBlock?
        if fence.tag == "sim" {
            block = simBlock(region, fenceSpan: fenceSpan)
        } else {
            block = quizBlock(region, fenceSpan: fenceSpan)
        }
        if let block { steps[steps.count - 1].blocks.append(block) }
        return closing
    }

    private mutating func simBlock(_ region: YAMLRegion, fenceSpan: SourceSpan) -> StepBlock? {
        let reported = log.diagnostics.count
        guard let node = region.compose("sim block", into: &log) else {
            if log.diagnostics.count == reported {
                log.error("empty sim block: it needs at least 'model:'", at: fenceSpan)
            }
            return nil
        }
        guard
            let sim = SimSpecParser.parse(
                node, region: region, what: "sim block", missingSpan: fenceSpan, allowsCaption: true,
                blockSpan: fenceSpan, log: &log)
        else { return nil }
        simulations.append(sim.use)
        return .sim(
            SimBlock(
                model: sim.use.model, params: sim.use.params.map(\.parameter), seed: sim.use.seed,
                caption: sim.caption, location: fenceSpan.location))
    }

    private mutating func quizBlock(_ region: YAMLRegion, fenceSpan: SourceSpan) -> StepBlock? {
        let reported = log.diagnostics.count
        guard let node = region.compose("quiz block", into: &log) else {
            if log.diagnostics.count == reported {
                log.error("empty quiz block: it needs at least 'id:', 'kind:' and 'prompt:'", at: fenceSpan)
            }
            return nil
        }
        let quiz = QuizBlockParser.parse(node, region: region, fenceSpan: fenceSpan, log: &log)
        if let id = quiz.id {
            if let first = questionIDs.first(where: { $0.text == id.text }) {
                log.error(
                    "duplicate question id '\(id.text)' (first used at line \(first.span.location.line)): "
                        + "attempts and reviews are keyed on it, so each must be unique", at: id.span)
            }
            questionIDs.append(id)
        }
        if let use = quiz.simulation { simulations.append(use) }
        return quiz.question.map(StepBlock.quiz)
    }

    private mutating func flushProse() {
        let text = MarkdownLine.trimmedText(pending)
        pending = []
        guard !text.isEmpty else { return }
        if steps.isEmpty {
            overview = overview.isEmpty ? text : overview + "\n\n" + text
        } else {
            steps[steps.count - 1].blocks.append(.markdown(text))
        }
    }
}
