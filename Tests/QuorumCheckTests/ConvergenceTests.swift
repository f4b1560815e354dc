import QuorumCheck
import Testing

@Suite struct ConvergenceTests {
    @Test func replicasHoldingTheSameValuesHaveConverged() {
        let report = Convergence.check(
            [ReplicaState(replica: "n1", values: ["x": 1]), ReplicaState(replica: "n2", values: ["x": 1])],
            model: RegisterModel())
        #expect(report.converged)
        #expect(report.replicaCount == 2)
    }

    @Test func divergentKeysListEveryReplicasValueInReplicaOrder() {
        let report = Convergence.check(
            [
                ReplicaState(replica: "n2", values: ["x": 1, "y": 2]),
                ReplicaState(replica: "n1", values: ["x": 1, "y": 3]),
                ReplicaState(replica: "n3", values: ["x": 1]),
            ], model: RegisterModel())
        #expect(!report.converged)
        #expect(report.divergences.map(\.key) == ["y"])
        #expect(report.divergences.first?.values.map(\.replica) == ["n1", "n2", "n3"])
        #expect(report.divergences.first?.values.map(\.value) == [3, 2, nil])
    }

    @Test func aFinalValueNobodyWroteIsReported() {
        let history = History([op(0, .write, 1, 0, 10, key: "x"), op(1, .write, 2, 0, 10, key: "x")])
        let report = Convergence.check(
            [
                ReplicaState(replica: "n1", values: ["x": 2]),
                ReplicaState(replica: "n2", values: ["x": 7]),
            ], history: history, model: RegisterModel())
        #expect(report.unwritten == [ConvergenceReport.Unwritten(replica: "n2", key: "x", value: 7)])
    }

    @Test func aKeyValueReplicasFinalStringMustEndWithAnAppend() {
        let history = History([op(0, .append, "a", 0, 10, key: "k"), op(1, .append, "b", 0, 10, key: "k")])
        let report = Convergence.check(
            [
                ReplicaState(replica: "n1", values: ["k": "ab"]),
                ReplicaState(replica: "n2", values: ["k": "ba"]),
                ReplicaState(replica: "n3", values: ["k": "bc"]),
            ], history: history, model: KeyValueModel())
        #expect(report.divergences.count == 1)
        #expect(report.unwritten.map(\.replica) == ["n3"])
    }
}
