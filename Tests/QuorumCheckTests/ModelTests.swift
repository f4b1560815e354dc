import QuorumCheck
import Testing

@Suite struct ModelTests {
    @Test func keyValueGetsPutsAndAppendsStrings() {
        let model = KeyValueModel()
        #expect(model.step("", op(0, .append, "a", 0, 1)) == "a")
        #expect(model.step("a", op(0, .append, "b", 0, 1)) == "ab")
        #expect(model.step("ab", op(0, .put, "c", 0, 1)) == "c")
        #expect(model.step("c", op(0, .get, "c", 0, 1)) == "c")
        #expect(model.step("c", op(0, .get, "ab", 0, 1)) == nil)
        // A get of a key never written may report nil or the empty string.
        #expect(model.step("", op(0, .get, .null, 0, 1)) == "")
    }

    @Test func aCasSucceedsOnlyFromItsFromValueAndAFailedOneOnlyFromAnother() {
        let model = CASRegisterModel()
        #expect(model.step(1, op(0, .cas, [1, 2], 0, 1)) == 2)
        #expect(model.step(3, op(0, .cas, [1, 2], 0, 1)) == nil)
        #expect(model.step(3, op(0, .cas, [1, 2], 0, 1, .fail)) == 3)
        #expect(model.step(1, op(0, .cas, [1, 2], 0, 1, .fail)) == nil)
        // An indeterminate cas either did its work or nothing; both are fine.
        #expect(model.step(1, op(0, .cas, [1, 2], 0, nil, .info)) == 2)
        #expect(model.step(3, op(0, .cas, [1, 2], 0, nil, .info)) == 3)
    }

    @Test(
        arguments: [
            (
                ModelKind.register, op(0, .cas, [1, 2], 0, 1),
                "model 'register' has no operation 'cas' (it knows read and write)"
            ),
            (.casRegister, op(0, .cas, 1, 0, 1), "a cas needs a [from to] pair as its value, not 1"),
            (
                .casRegister, op(0, .append, "a", 0, 1),
                "model 'cas-register' has no operation 'append' (it knows read, write and cas)"
            ),
            (.kv, op(0, .append, 3, 0, 1), "append takes a string, not 3"),
            (.kv, op(0, .read, 1, 0, 1), "a get returns a string, not 1"),
        ] as [(ModelKind, Operation, String)])
    func operationsAModelCannotRunAreNamedWithTheirLine(model: ModelKind, operation: Operation, message: String) {
        var located = operation
        located.line = 12
        #expect(model.validate(History([located]), file: "h.edn").map(\.description) == ["h.edn:12: error: \(message)"])
    }

    @Test func theModelIsGuessedFromTheFunctions() {
        #expect(ModelKind.inferred(for: History([op(0, .append, "a", 0, 1, key: "k")])) == .kv)
        #expect(ModelKind.inferred(for: History([op(0, .write, 1, 0, 1)])) == .casRegister)
    }

    @Test func aStoreOfManyKeysDescribesItselfInKeyOrder() {
        let model = PerKeyModel(RegisterModel())
        var state = model.initialState
        for operation in [op(0, .write, 2, 0, 1, key: "y"), op(0, .write, 1, 0, 1, key: "x"), op(0, .write, 3, 0, 1)] {
            state = model.step(state, operation) ?? state
        }
        #expect(model.describe(state) == "{_: 3, x: 1, y: 2}")
        // Writing the initial value back leaves the store equal to one never written.
        #expect(model.step(state, op(0, .write, .null, 0, 1)).map { $0[nil] == nil } == true)
    }

    @Test(
        arguments: [
            (Value.null, "nil"), (3, "3"), ("a b", "\"a b\""), (.list([1, 2]), "[1 2]"),
            (.string(":timed-out"), ":timed-out"), ("say \"hi\"\n", "\"say \\\"hi\\\"\\n\""), (.bool(true), "true"),
        ] as [(Value, String)])
    func valuesReadAsTheyAreWritten(value: Value, text: String) {
        #expect(value.description == text)
    }
}
