import Foundation
import QuorumQuiz
import Yams

/// Reads a quiz block's answer fields the way its kind defines them, reporting each problem at
/// the value that causes it.
struct AnswerReader {
    let fields: YAMLFields
    let kind: QuestionKind
    let blockSpan: SourceSpan
    /// `choices` or `items`, once read.
    private(set) var options: [String] = []
    private(set) var simulation: SimulationUse?

    init(fields: YAMLFields, kind: QuestionKind, blockSpan: SourceSpan) {
        self.fields = fields
        self.kind = kind
        self.blockSpan = blockSpan
    }

    private var region: YAMLRegion { fields.region }

    mutating func read(log: inout DiagnosticLog) -> AnswerKey? {
        switch kind {
        case .choice:
            let valid = readOptions("choices", log: &log)
            guard let node = answerNode(log: &log) else { return nil }
            return index(node, noun: "choice", optionsValid: valid, log: &log).map(AnswerKey.choice)
        case .multi:
            let valid = readOptions("choices", log: &log)
            guard let node = answerNode(log: &log) else { return nil }
            return indices(node, noun: "choice", optionsValid: valid, log: &log).map { .multi($0.sorted()) }
        case .order:
            let valid = readOptions("items", log: &log)
            guard let node = answerNode(log: &log) else { return nil }
            return permutation(node, optionsValid: valid, log: &log).map(AnswerKey.order)
        case .truefalse:
            guard let node = answerNode(log: &log) else { return nil }
            guard case .scalar(let scalar) = node, let value = scalar.boolean else {
                log.error(
                    "'answer' of a truefalse question must be true or false; found \(node.kindDescription)",
                    at: span(of: node))
                return nil
            }
            return .truefalse(value)
        case .numeric:
            let tolerance = readTolerance(log: &log)
            guard let node = answerNode(log: &log) else { return nil }
            guard let value = Self.number(node) else {
                log.error(
                    "'answer' of a numeric question must be a number, like 0.667 or 2/3; found \(node.kindDescription)",
                    at: span(of: node))
                return nil
            }
            return tolerance.map { .numeric(value, $0) } ?? (fields.contains("tolerance") ? nil : .numeric(value, nil))
        case .text:
            guard let node = answerNode(log: &log) else { return nil }
            return phrasings(node, log: &log).map(AnswerKey.text)
        case .predict:
            let tolerance = readTolerance(log: &log)
            return predict(tolerance: tolerance, log: &log)
        }
    }

    private func answerNode(log: inout DiagnosticLog) -> Node? {
        fields.value("answer") ?? fields.missing("answer", log: &log)
    }

    private func span(of node: Node) -> SourceSpan {
        node.isNull ? (fields.keySpan("answer") ?? blockSpan) : region.span(of: node)
    }

    // MARK: Choices and items

    /// Reads `choices` or `items`; false when they are missing or malformed, so answers are not
    /// checked against a list that is not there.
    private mutating func readOptions(_ key: String, log: inout DiagnosticLog) -> Bool {
        guard fields.contains(key) else {
            let _: Bool? = fields.missing(key, log: &log)
            return false
        }
        guard let list = fields.textList(key, log: &log), let span = fields.valueSpan(key) else { return false }
        options = list.map(\.text)
        if list.count < 2 {
            log.error("a \(kind.rawValue) question needs at least two \(key); found \(list.count)", at: span)
            return false
        }
        if list.count > 26 {
            log.error(
                "a \(kind.rawValue) question can have at most 26 \(key) (a to z); found \(list.count)",
                at: list[26].span)
            return false
        }
        return true
    }

    private static func letter(_ index: Int) -> String {
        String(UnicodeScalar(UInt8(97 + min(max(index, 0), 25))))
    }

    /// "a to c, or 1 to 3"
    private var range: String {
        "\(Self.letter(0)) to \(Self.letter(options.count - 1)), or 1 to \(options.count)"
    }

    /// The 0-based option a letter (`b`) or 1-based number (`2`) names.
    private func index(_ node: Node, noun: String, optionsValid: Bool, log: inout DiagnosticLog) -> Int? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            log.error(
                "a \(noun) is named by its letter, like b, or its number; found \(node.kindDescription)",
                at: span(of: node))
            return nil
        }
        guard optionsValid else { return nil }
        let raw = scalar.string.trimmingCharacters(in: .whitespaces)
        if let number = Int(raw) {
            guard (1...options.count).contains(number) else {
                log.error(
                    "answer \(number) names no \(noun): there are \(options.count) (\(range))", at: span(of: node))
                return nil
            }
            return number - 1
        }
        let lowered = raw.lowercased().unicodeScalars
        if lowered.count == 1, let letter = lowered.first, ("a"..."z").contains(letter) {
            let index = Int(letter.value) - 97
            guard index < options.count else {
                log.error("answer '\(raw)' names no \(noun): there are \(options.count) (\(range))", at: span(of: node))
                return nil
            }
            return index
        }
        if let match = options.firstIndex(where: { $0.lowercased() == raw.lowercased() }) {
            log.error(
                "answer '\(raw)' is a \(noun)'s text: write its letter, '\(Self.letter(match))'", at: span(of: node))
        } else {
            log.error("answer '\(raw)' names no \(noun): write a letter or a number (\(range))", at: span(of: node))
        }
        return nil
    }

    /// A list of distinct options, like `[a, c]`.
    private func indices(_ node: Node, noun: String, optionsValid: Bool, log: inout DiagnosticLog) -> [Int]? {
        guard case .sequence(let sequence) = node else {
            log.error(
                "'answer' of a \(kind.rawValue) question must be a list of letters, like [a, c]; found \(node.kindDescription)",
                at: span(of: node))
            return nil
        }
        guard !sequence.isEmpty else {
            log.error("'answer' must name at least one \(noun)", at: span(of: node))
            return nil
        }
        var result: [Int] = []
        var valid = true
        for element in sequence {
            guard let index = index(element, noun: noun, optionsValid: optionsValid, log: &log) else {
                valid = false
                continue
            }
            if result.contains(index) {
                log.error("\(noun) '\(Self.letter(index))' appears twice in the answer", at: region.span(of: element))
                valid = false
            }
            result.append(index)
        }
        return valid && optionsValid ? result : nil
    }

    /// Every item exactly once, in the right order.
    private func permutation(_ node: Node, optionsValid: Bool, log: inout DiagnosticLog) -> [Int]? {
        guard let order = indices(node, noun: "item", optionsValid: optionsValid, log: &log) else { return nil }
        let missing = options.indices.filter { !order.contains($0) }
        guard missing.isEmpty else {
            let letters = missing.map(Self.letter).joined(separator: ", ")
            log.error(
                "an order answer must list every item exactly once: \(letters) \(missing.count == 1 ? "is" : "are") missing",
                at: span(of: node))
            return nil
        }
        return order
    }

    // MARK: Numbers and text

    /// A plain number, or a fraction like `2/3`.
    static func number(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node else { return nil }
        if let value = scalar.number { return value }
        let parts = scalar.string.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let numerator = Double(parts[0].trimmingCharacters(in: .whitespaces)),
            let denominator = Double(parts[1].trimmingCharacters(in: .whitespaces)),
            denominator != 0, (numerator / denominator).isFinite
        else { return nil }
        return numerator / denominator
    }

    /// `tolerance: 0.01` (absolute) or `tolerance: 5%` (relative). Nil when absent or invalid;
    /// callers tell the two apart with `fields.contains("tolerance")`.
    private func readTolerance(log: inout DiagnosticLog) -> Tolerance? {
        guard let node = fields.value("tolerance"), let span = fields.valueSpan("tolerance") else { return nil }
        if case .scalar(let scalar) = node, let value = scalar.number, value >= 0 {
            return .absolute(value)
        }
        if case .scalar(let scalar) = node, scalar.string.hasSuffix("%"),
            let percent = Double(scalar.string.dropLast().trimmingCharacters(in: .whitespaces)),
            percent.isFinite, percent >= 0
        {
            return .relative(percent / 100)
        }
        log.error(
            "'tolerance' must be a number that is not negative (like 0.01) or a percentage (like 5%); found \(node.kindDescription)",
            at: span)
        return nil
    }

    /// One accepted phrasing, or a list of them.
    private func phrasings(_ node: Node, log: inout DiagnosticLog) -> [String]? {
        if let text = node.text { return [text] }
        guard case .sequence = node, let keyNode = fields.keyNode("answer") else {
            log.error(
                "'answer' of a text question must be a phrase or a list of accepted phrasings; found \(node.kindDescription)",
                at: span(of: node))
            return nil
        }
        guard
            let list = YAMLFields.textList(
                node, key: "answer", what: "quiz block", region: region, keyNode: keyNode, log: &log)
        else { return nil }
        guard !list.isEmpty else {
            log.error("'answer' needs at least one accepted phrasing", at: span(of: node))
            return nil
        }
        return list.map(\.text)
    }

    // MARK: Predict

    private mutating func predict(tolerance: Tolerance?, log: inout DiagnosticLog) -> AnswerKey? {
        let metric = fields.text("metric", required: true, log: &log)
        guard let node = fields.value("sim"), let simSpan = fields.keySpan("sim") else {
            return fields.missing("sim", log: &log, " (the simulation whose metric is the answer)")
        }
        guard !node.isNull else {
            log.error("'sim' is empty: it needs at least 'model:', like sim: { model: request-reply }", at: simSpan)
            return nil
        }
        guard
            var sim = SimSpecParser.parse(
                node, region: region, what: "predict question's sim", missingSpan: simSpan, allowsCaption: false,
                blockSpan: blockSpan, log: &log)
        else { return nil }
        guard let metric, let metricSpan = fields.valueSpan("metric") else { return nil }
        sim.use.metric = (metric, metricSpan)
        simulation = sim.use
        if fields.contains("tolerance"), tolerance == nil { return nil }
        let spec = PredictSpec(
            model: sim.use.model, params: sim.use.params.map(\.parameter), seed: sim.use.seed, metric: metric)
        return .predict(spec, tolerance)
    }
}
