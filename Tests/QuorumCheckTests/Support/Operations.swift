import QuorumCheck

/// One operation, written the way the anomalies are drawn on a whiteboard: who, what, with
/// which value, and the interval it was open. A nil `to` leaves it pending forever.
func op(
    _ process: Int, _ function: Function, _ value: Value = .null, _ from: Int64, _ to: Int64?,
    _ outcome: Operation.Outcome = .ok, key: String? = nil
) -> Operation {
    Operation(
        process: process, function: function, key: key, value: value, outcome: outcome, invoke: from, complete: to)
}

func checkRegister(_ operations: [Operation]) -> LinearizabilityReport {
    LinearizabilityChecker.check(History(operations), model: CASRegisterModel())
}
