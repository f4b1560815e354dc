import QuorumModels
import Testing

@Suite struct ParametersTests {
    let specs = RequestReplyModel().parameters

    func error(_ overrides: [(String, String)]) -> ParameterError? {
        do {
            _ = try Parameters(specs: specs, model: "request-reply", overrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsApplyAndOverridesReplaceThem() throws {
        let parameters = try Parameters(specs: specs, model: "request-reply", overrides: [("loss", "0.25")])
        #expect(parameters.double("loss") == 0.25)
        #expect(parameters.int("retries") == 3)
        #expect(parameters.duration("timeout") == 100_000)
    }

    @Test func anUnknownNameSuggestsTheNearestOne() {
        #expect(
            error([("retires", "2")])?.description
                == "unknown parameter 'retires' for model 'request-reply' (did you mean 'retries'?)")
        #expect(error([("colour", "red")])?.description == "unknown parameter 'colour' for model 'request-reply'")
    }

    @Test(arguments: [
        ("loss", "1.5", "invalid value '1.5' for 'loss': expected a number from 0 to 1"),
        ("loss", "lots", "invalid value 'lots' for 'loss': expected a number from 0 to 1"),
        ("retries", "2.5", "invalid value '2.5' for 'retries': expected a whole number from 0 to 20"),
        (
            "timeout", "fast",
            "invalid value 'fast' for 'timeout': expected a duration from 1ms to 60s (like 50ms or 2s)"
        ),
    ])
    func aBadValueNamesTheParameterWhatItGotAndWhatItAccepts(name: String, value: String, message: String) {
        #expect(error([(name, value)])?.description == message)
    }

    @Test func assignmentsMustBeNameEqualsValue() throws {
        #expect(
            try parseAssignments(["loss=0.1", "partition=a=b"]).map { "\($0.0)|\($0.1)" } == [
                "loss|0.1", "partition|a=b",
            ])
        for bad in ["loss", "=3", "loss="] {
            #expect(throws: ParameterError.malformedAssignment(bad)) { try parseAssignments([bad]) }
        }
    }

    @Test(
        arguments: [
            ("lesons", "lessons"), ("lern", "learn"), ("qiuz", "quiz"), ("les", "lessons"), ("xyzzy", nil),
        ] as [(String, String?)])
    func typosFindTheirWord(typo: String, expected: String?) {
        #expect(closestMatch(to: typo, in: ["lessons", "learn", "quiz", "progress"]) == expected)
    }
}
