import QuorumModels

/// Checks a lesson's simulations against the model registry: the model exists, each parameter
/// is one it has with a value it accepts, and a predict question's metric is one it reports.
enum SimulationCheck {
    static func check(_ use: SimulationUse, registry: ModelRegistry, log: inout DiagnosticLog) {
        guard let model = registry.model(named: use.model) else {
            let suggestion = closestMatch(to: use.model, in: registry.names)
            let hint =
                suggestion.map { " (did you mean '\($0)'?)" } ?? " (models: \(registry.names.joined(separator: ", ")))"
            log.error("unknown model '\(use.model)'\(hint)", at: use.modelSpan)
            return
        }
        // One parameter at a time, so every bad one is reported, not just the first.
        for param in use.params {
            do throws(ParameterError) {
                _ = try Parameters(
                    specs: model.parameters, model: model.name,
                    overrides: [(param.parameter.name, param.parameter.value)])
            } catch {
                switch error {
                case .unknownParameter:
                    log.error(error.description, at: param.nameSpan)
                case .invalidValue, .malformedAssignment, .invalidSetting:
                    log.error(error.description, at: param.valueSpan)
                }
            }
        }
        if let metric = use.metric {
            let names = model.metrics.map(\.name)
            if !names.contains(metric.name) {
                let hint =
                    closestMatch(to: metric.name, in: names).map { " (did you mean '\($0)'?)" }
                    ?? " (it reports \(names.joined(separator: ", ")))"
                log.error("model '\(model.name)' reports no metric '\(metric.name)'\(hint)", at: metric.span)
            }
        }
    }

    /// Runs the simulation, as `quorum lint` does, and reports a run that does not give its
    /// predict question a finite number. Assumes `check` found nothing wrong.
    static func run(_ use: SimulationUse, registry: ModelRegistry, log: inout DiagnosticLog) {
        guard let model = registry.model(named: use.model) else { return }
        let overrides = use.params.map { ($0.parameter.name, $0.parameter.value) }
        let run: SimulationRun
        do throws(ParameterError) {
            run = try model.run(overrides: overrides, seed: use.seed, trace: .off)
        } catch {
            log.error("the simulation cannot run: \(error)", at: use.blockSpan)
            return
        }
        guard let metric = use.metric else { return }
        guard let value = run.metric(metric.name) else {
            log.error(
                "the simulation ran but did not report metric '\(metric.name)', so this question has no answer",
                at: metric.span)
            return
        }
        if !value.isFinite {
            log.error(
                "the simulation ran but metric '\(metric.name)' came out as \(value), so this question has no answer",
                at: metric.span)
        }
    }
}
