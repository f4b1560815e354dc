/// How much searching a check may do before it gives up with the verdict "unknown".
///
/// The library reads no clock: a caller that wants a timeout passes `shouldStop`, which is
/// asked every few hundred steps (the shell asks its clock and Ctrl-C). A step is one attempt to
/// apply an operation to a model state. One budget is shared by every key of a check.
public final class SearchBudget {
    public let maxSteps: Int
    private let shouldStop: () -> Bool
    public private(set) var stepsTaken = 0
    public private(set) var isExhausted = false

    public init(maxSteps: Int = .max, shouldStop: @escaping () -> Bool = { false }) {
        self.maxSteps = max(0, maxSteps)
        self.shouldStop = shouldStop
    }

    /// Takes one step; false once the budget is spent or the caller asked to stop.
    func spend() -> Bool {
        if isExhausted { return false }
        if stepsTaken >= maxSteps {
            isExhausted = true
            return false
        }
        stepsTaken += 1
        if stepsTaken & 255 == 1, shouldStop() {
            isExhausted = true
            return false
        }
        return true
    }
}
