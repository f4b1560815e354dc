import QuorumSim

/// Helpers for replication models: defaults of their own for the shared fault parameters, a
/// simulation built from an adjusted fault plan, and partitions that take clients along.
enum ReplicaClients {
    /// `specs` with the defaults (and, where given, the docs) of some parameters replaced, so a
    /// model can start with a partition or a crash in its first run.
    static func overriding(
        _ specs: [ParameterSpec], _ changes: [(name: String, value: ParameterValue?, doc: String?)]
    ) -> [ParameterSpec] {
        specs.map { spec in
            guard let change = changes.first(where: { $0.name == spec.name }) else { return spec }
            var changed = spec
            if let value = change.value { changed.defaultValue = value }
            if let doc = change.doc { changed.doc = doc }
            return changed
        }
    }

    /// A partition that puts each client the spec does not name in the group of its replica:
    /// client `ci` goes with node `ni`. With one client per replica, "n1,n2|n3" then cuts
    /// c3 off from n1 and n2 too, as a learner means it.
    static func withClients(_ spec: PartitionSpec, clients: Int) -> PartitionSpec {
        let named = Set(spec.groups.joined())
        let groups = spec.groups.map { group in
            group
                + group.compactMap { name -> String? in
                    guard name.hasPrefix("n"), let number = Int(name.dropFirst()), number <= clients else {
                        return nil
                    }
                    let client = "c\(number)"
                    return named.contains(client) ? nil : client
                }
        }
        return PartitionSpec(groups: groups, shape: spec.shape)
    }

    /// The simulation `FaultVocabulary.simulation` would build, from a plan the model has
    /// adjusted, with plan errors worded as parameter errors.
    static func simulation<Message, Timer>(
        _ plan: FaultPlan, seed: UInt64, nodes: Int, clients: Int, trace: TraceLevel, hasLeader: Bool = false,
        of _: (Message.Type, Timer.Type) = (Message.self, Timer.self)
    ) throws(ParameterError) -> Simulation<Message, Timer> {
        do throws(FaultPlanError) {
            return try Simulation(
                seed: seed, nodes: nodes, clients: clients, plan: plan, trace: trace, hasLeader: hasLeader)
        } catch {
            throw .invalidSetting(parameter: error.parameter, value: error.value, problem: error.problem)
        }
    }
}
