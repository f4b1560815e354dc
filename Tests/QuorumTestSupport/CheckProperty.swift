import PropertyBased
import Testing

/// `propertyCheck`, except that an error the body throws is a failure.
///
/// PropertyBased runs the body under `try?`, so a `try` that throws inside a plain
/// `propertyCheck` ends that case silently and the test passes; here it is recorded as an issue
/// against the caller's line.
public func checkProperty<Input, Value>(
    count: Int = 100, input: Generator<Value, some Sequence<Input>>,
    sourceLocation: SourceLocation = #_sourceLocation, perform body: (Value) async throws -> Void
) async {
    await propertyCheck(
        count: count, input: input,
        perform: { value in
            do {
                try await body(value)
            } catch {
                Issue.record(error, "the property's body threw", sourceLocation: sourceLocation)
            }
        }, sourceLocation: sourceLocation)
}
