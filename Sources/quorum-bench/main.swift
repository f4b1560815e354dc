// quorum-bench: figures for the engine and the checkers, printed, never judged: machines differ.
//
//   quorum-bench               everything
//   quorum-bench flood [N]     the engine's token flood against SimPy's (N deliveries)
//   quorum-bench checkers      the consistency checkers
//   quorum-bench lab [DIR]     lab mode with the course's reference nodes (DIR: lessons/labs)

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "flood-engine":
    // The engine alone, for profiling: no traced run, no SimPy.
    let deliveries = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
    if let quiet = floodRate(deliveries: deliveries, trace: .off) { print("flood: \(Int(quiet.rate)) deliveries/s") }
case "flood":
    runFloodBench(deliveries: arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000)
case "checkers":
    runCheckerBench()
case "lab":
    runLabBench(labs: arguments.dropFirst().first ?? "lessons/labs")
case nil:
    runFloodBench(deliveries: 1_000_000)
    runCheckerBench()
    runLabBench(labs: "lessons/labs")
default:
    print("usage: quorum-bench [flood [deliveries] | checkers | lab [dir]]")
}
