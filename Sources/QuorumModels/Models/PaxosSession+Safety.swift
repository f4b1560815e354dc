import QuorumSim

/// The run's own check of Paxos's safety: a value is chosen when a majority of acceptors have
/// accepted the same ballot, and at most one value may ever be chosen. The check sees every
/// acceptance, which no node does; a violation is a bug in the model, never a lesson, so it
/// stops the run with what led to it.
extension PaxosSession {
    func recordAcceptance(_ proposal: Proposal, by acceptor: Int) {
        acceptances.append((acceptor, proposal, sim.now))
        var entry = acceptors[proposal.ballot] ?? (proposal.value, Array(repeating: false, count: nodeCount))
        if entry.value != proposal.value {
            violation(
                "ballot \(proposal.ballot) carried two values, \(Self.letter(entry.value)) and \(Self.letter(proposal.value))"
            )
        }
        entry.from[acceptor] = true
        acceptors[proposal.ballot] = entry
        guard entry.from.count(where: { $0 }) >= majority, !chosen.contains(where: { $0.ballot == proposal.ballot })
        else { return }
        let first = chosen.isEmpty
        chosen.append((proposal.value, proposal.ballot, sim.now))
        let who = entry.from.indices.filter { entry.from[$0] }.map { "n\($0 + 1)" }.joined(separator: ", ")
        if first {
            sim.narrative.add(
                sim.now, "\(Self.letter(proposal.value)) is chosen: \(who) accepted ballot \(proposal.ballot)")
        }
        let values = Set(chosen.map(\.value))
        if values.count > 1 {
            violation(
                "two values chosen: "
                    + chosen.map { "\(Self.letter($0.value)) at \($0.ballot) (\(SimDuration.format($0.time)))" }
                    .joined(separator: ", "))
        }
    }

    /// A learner may only learn a value that was chosen.
    func checkLearned(_ proposal: Proposal, at node: Int) {
        guard chosen.contains(where: { $0.value == proposal.value }) else {
            violation("n\(node + 1) learned \(Self.letter(proposal.value)), which no majority accepted")
        }
    }

    private func violation(_ problem: String) -> Never {
        let history = acceptances.map { "\(SimDuration.format($0.time)) n\($0.acceptor + 1) accepted \($0.proposal)" }
        preconditionFailure(
            "paxos safety violated (seed \(header.seed), \(header.parameters.values.map { "\($0.name)=\($0.value)" }.joined(separator: " "))): \(problem)\n"
                + history.joined(separator: "\n"))
    }
}
