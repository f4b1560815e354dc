/// How much searching a check may do before it gives up with the verdict "unknown".
///
/// The library reads no clock: a caller that wants a timeout passes `shouldStop`, which is
/// asked every few hundred steps (the shell asks its clock and Ctrl-C). A step is one attempt to
/// apply an operation to a model state. One budget is shared by every key of a check.
///
/// A search also remembers every configuration it has explored, a few hundred bytes each (more
/// for large states: see `ConsistencyModel.weight(of:)`), so `maxConfigurations` bounds its
/// memory: one search (one key) that would remember more gives up.
public final class SearchBudget {
    public let maxSteps: Int
    public let maxConfigurations: Int
    private let shouldStop: () -> Bool
    public private(set) var stepsTaken = 0
    public private(set) var isExhausted = false

    /// Roughly half a gigabyte of remembered configurations.
    public static let defaultMaxConfigurations = 2_000_000

    public init(
        maxSteps: Int = .max, maxConfigurations: Int = SearchBudget.defaultMaxConfigurations,
        shouldStop: @escaping () -> Bool = { false }
    ) {
        self.maxSteps = max(0, maxSteps)
        self.maxConfigurations = max(1, maxConfigurations)
        self.shouldStop = shouldStop
    }

    /// Whether a search that has remembered `count` configurations (by weight) may remember more.
    func mayRemember(_ count: Int) -> Bool {
        if count < maxConfigurations { return true }
        isExhausted = true
        return false
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
