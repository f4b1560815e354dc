/// The models `--model` can name, and the checks run with each.
///
/// The shell picks a model at run time; this turns the name into the statically typed model
/// the checkers are generic over. A new model is one conforming type plus one case here.
public enum ModelKind: String, CaseIterable, Sendable {
    case register
    case casRegister = "cas-register"
    case kv

    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    public var name: String { rawValue }

    /// The model a history most likely needs when none was named: `kv` if it gets, puts or
    /// appends, else `cas-register` (which also checks plain registers).
    public static func inferred(for history: History) -> ModelKind {
        let kvFunctions: Set<Function> = [.get, .put, .append]
        return history.operations.contains { kvFunctions.contains($0.function) } ? .kv : .casRegister
    }

    /// Every operation this model cannot run, as `file:line: error: ...`.
    public func validate(_ history: History, file: String) -> [HistoryDiagnostic] {
        history.operations.compactMap { operation in
            let message: String?
            switch self {
            case .register: message = RegisterModel().validate(operation)
            case .casRegister: message = CASRegisterModel().validate(operation)
            case .kv: message = KeyValueModel().validate(operation)
            }
            return message.map { HistoryDiagnostic(file: file, line: operation.line, message: $0) }
        }
    }

    public func checkLinearizability(_ history: History, budget: SearchBudget, partitioned: Bool = true)
        -> LinearizabilityReport
    {
        switch self {
        case .register: return Self.linearizability(history, RegisterModel(), budget, partitioned)
        case .casRegister: return Self.linearizability(history, CASRegisterModel(), budget, partitioned)
        case .kv: return Self.linearizability(history, KeyValueModel(), budget, partitioned)
        }
    }

    public func checkSequentialConsistency(_ history: History, budget: SearchBudget) -> SequentialConsistencyReport {
        switch self {
        case .register: return SequentialConsistency.check(history, model: PerKeyModel(RegisterModel()), budget: budget)
        case .casRegister:
            return SequentialConsistency.check(history, model: PerKeyModel(CASRegisterModel()), budget: budget)
        case .kv: return SequentialConsistency.check(history, model: PerKeyModel(KeyValueModel()), budget: budget)
        }
    }

    public func checkSessions(_ history: History) -> SessionReport {
        switch self {
        case .register: return SessionGuarantees.check(history, model: RegisterModel())
        case .casRegister: return SessionGuarantees.check(history, model: CASRegisterModel())
        case .kv: return SessionGuarantees.check(history, model: KeyValueModel())
        }
    }

    public func staleness(_ history: History) -> StalenessReport {
        switch self {
        case .register: return Staleness.measure(history, model: RegisterModel())
        case .casRegister: return Staleness.measure(history, model: CASRegisterModel())
        case .kv: return Staleness.measure(history, model: KeyValueModel())
        }
    }

    public func checkConvergence(_ replicas: [ReplicaState], history: History?) -> ConvergenceReport {
        switch self {
        case .register: return Convergence.check(replicas, history: history, model: RegisterModel())
        case .casRegister: return Convergence.check(replicas, history: history, model: CASRegisterModel())
        case .kv: return Convergence.check(replicas, history: history, model: KeyValueModel())
        }
    }

    private static func linearizability<Model: ConsistencyModel>(
        _ history: History, _ model: Model, _ budget: SearchBudget, _ partitioned: Bool
    ) -> LinearizabilityReport {
        partitioned
            ? LinearizabilityChecker.check(history, model: model, budget: budget)
            : LinearizabilityChecker.checkWhole(history, model: PerKeyModel(model), budget: budget)
    }
}
