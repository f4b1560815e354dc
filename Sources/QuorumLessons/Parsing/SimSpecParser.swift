import QuorumQuiz
import Yams

/// The YAML of a simulation: a ```` ```sim ```` block, or a predict question's `sim:`.
///
/// ```yaml
/// model: request-reply
/// params: { loss: 0.3, timeout: 50ms }
/// seed: 7
/// caption: How many requests fail?
/// ```
enum SimSpecParser {
    struct Result {
        var use: SimulationUse
        var caption: String?
    }

    static func parse(
        _ node: Node, region: YAMLRegion, what: String, missingSpan: SourceSpan, allowsCaption: Bool,
        blockSpan: SourceSpan, log: inout DiagnosticLog
    ) -> Result? {
        let allowed = allowsCaption ? ["model", "params", "seed", "caption"] : ["model", "params", "seed"]
        guard
            let fields = YAMLFields.mapping(
                node, region: region, what: what, allowed: allowed, missingSpan: missingSpan,
                example: "'model: request-reply'", log: &log)
        else { return nil }
        let model = fields.text("model", required: true, log: &log)
        let params = parameters(fields, log: &log)
        let seed = self.seed(fields, log: &log)
        let caption = allowsCaption ? fields.text("caption", log: &log) : nil
        // Kept despite other errors in the block (which the log holds), so that the registry
        // check still reports every bad parameter.
        guard let model, let modelSpan = fields.valueSpan("model") else { return nil }
        let use = SimulationUse(
            model: model, modelSpan: modelSpan, params: params, seed: seed, metric: nil, blockSpan: blockSpan)
        return Result(use: use, caption: caption)
    }

    /// `params:` as a flow or block mapping of single values, kept as the text written.
    private static func parameters(
        _ fields: YAMLFields, log: inout DiagnosticLog
    ) -> [(parameter: SimParameter, nameSpan: SourceSpan, valueSpan: SourceSpan)] {
        guard let node = fields.value("params"), !node.isNull else { return [] }
        guard case .mapping(let mapping) = node else {
            log.error(
                "'params' must be a mapping of parameter values, like { loss: 0.1, timeout: 50ms }; found \(node.kindDescription)",
                at: fields.region.span(of: node))
            return []
        }
        var params: [(parameter: SimParameter, nameSpan: SourceSpan, valueSpan: SourceSpan)] = []
        for (key, value) in mapping {
            let nameSpan = fields.region.span(of: key)
            guard let name = key.text else {
                log.error("a parameter name must be a plain word, not \(key.kindDescription)", at: nameSpan)
                continue
            }
            guard let text = value.text else {
                let found = value.isNull ? "it is empty" : "found \(value.kindDescription)"
                log.error(
                    "parameter '\(name)' needs a single value, like \(name): 3; \(found)",
                    at: fields.span(ofValue: value, key: key))
                continue
            }
            params.append((SimParameter(name: name, value: text), nameSpan, fields.region.span(of: value)))
        }
        return params
    }

    private static func seed(_ fields: YAMLFields, log: inout DiagnosticLog) -> UInt64 {
        guard let node = fields.value("seed"), let span = fields.valueSpan("seed") else { return 1 }
        guard case .scalar(let scalar) = node, scalar.isPlain, let seed = UInt64(scalar.string) else {
            log.error("'seed' must be a whole number from 0 to \(UInt64.max); found \(node.kindDescription)", at: span)
            return 1
        }
        return seed
    }
}
