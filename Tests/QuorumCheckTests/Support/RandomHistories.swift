import QuorumCheck
import QuorumSim

/// Small histories with no promise of being linearizable: random functions, values from a
/// tiny range (so reads are often right and often wrong), random overlapping intervals, and a
/// sprinkling of failed and indeterminate operations.
func randomRegisterHistory(seed: UInt64, operations count: Int, processes: Int) -> History {
    var random = SplitMix64(seed: seed)
    var freeAt = Array(repeating: Int64(0), count: processes)
    var operations: [Operation] = []
    for _ in 0..<count {
        let process = Int.random(in: 0..<processes, using: &random)
        let invoke = freeAt[process] + Int64.random(in: 0...6, using: &random)
        let complete = invoke + Int64.random(in: 0...8, using: &random)
        freeAt[process] = complete + 1
        let value = Value.int(Int.random(in: 0...1, using: &random))
        var operation = Operation(process: process, function: .read, value: value, invoke: invoke, complete: complete)
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<4: break
        case 4..<7: operation.function = .write
        default:
            operation.function = .cas
            operation.value = .list([value, .int(Int.random(in: 0...2, using: &random))])
        }
        switch Int.random(in: 0..<10, using: &random) {
        case 0: operation.outcome = .info
        case 1:
            operation.outcome = .info
            operation.complete = nil
        case 2: operation.outcome = .fail
        default: break
        }
        operations.append(operation)
    }
    return History(operations)
}
