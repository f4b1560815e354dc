import QuorumCheck

/// One message of Maelstrom's protocol: `{"src": "n1", "dest": "c3", "body": {"type": ...}}`,
/// sent as a single line of JSON.
public struct Envelope: Sendable, Equatable {
    public var src: String
    public var dest: String
    /// A JSON object with a string `type`, and optionally `msg_id` and `in_reply_to`.
    public var body: DataValue

    public init(src: String, dest: String, body: DataValue) {
        self.src = src
        self.dest = dest
        self.body = body
    }

    public var type: String { body.field("type")?.stringValue ?? "" }
    public var msgID: Int? { body.field("msg_id")?.intValue }
    public var inReplyTo: Int? { body.field("in_reply_to")?.intValue }

    /// The line to write, without its newline.
    public var line: String {
        DataValue.object([("src", .string(src)), ("dest", .string(dest)), ("body", body)]).jsonText
    }

    /// Reads one line a node printed, or says in plain words what is wrong with it.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> Result<Envelope, EnvelopeError> {
        let value: DataValue
        do {
            value = try JSONReader.read(bytes)
        } catch {
            return .failure(EnvelopeError("is not JSON (\(error.message))"))
        }
        guard case .map = value else {
            return .failure(EnvelopeError("is \(value.kind), not a JSON object with src, dest and body"))
        }
        guard let src = value.field("src")?.stringValue else {
            return .failure(EnvelopeError("has no \"src\" string"))
        }
        guard let dest = value.field("dest")?.stringValue else {
            return .failure(EnvelopeError("has no \"dest\" string"))
        }
        guard let body = value.field("body"), case .map = body else {
            return .failure(EnvelopeError("has no \"body\" object"))
        }
        guard body.field("type")?.stringValue != nil else {
            return .failure(EnvelopeError("has a body without a \"type\" string"))
        }
        for field in ["msg_id", "in_reply_to"] {
            if let id = body.field(field), id != .null, id.intValue == nil {
                return .failure(EnvelopeError("has a \"\(field)\" that is \(id.kind), not a whole number"))
            }
        }
        return .success(Envelope(src: src, dest: dest, body: body))
    }

    /// A few words for a diagram arrow: the type and the field that says most about it.
    var label: String {
        var label = type
        for field in ["message", "delta", "key", "echo"] {
            if let value = body.field(field) {
                let text = value.jsonText
                label += " " + (text.count > 12 ? String(text.prefix(11)) + "…" : text)
                break
            }
        }
        return label
    }
}

public struct EnvelopeError: Error, Equatable, Sendable {
    public var problem: String

    public init(_ problem: String) {
        self.problem = problem
    }
}

/// Maelstrom's error codes. A definite error means the operation did not happen; an indefinite
/// one (0 timeout, 13 crash, and every code from 1000 up) means it may or may not have.
public enum ErrorCode {
    public static let timeout = 0
    public static let nodeNotFound = 1
    public static let notSupported = 10
    public static let temporarilyUnavailable = 11
    public static let malformedRequest = 12
    public static let crash = 13
    public static let abort = 14
    public static let keyDoesNotExist = 20
    public static let keyAlreadyExists = 21
    public static let preconditionFailed = 22
    public static let txnConflict = 30

    public static func name(_ code: Int) -> String {
        switch code {
        case timeout: "timeout"
        case nodeNotFound: "node-not-found"
        case notSupported: "not-supported"
        case temporarilyUnavailable: "temporarily-unavailable"
        case malformedRequest: "malformed-request"
        case crash: "crash"
        case abort: "abort"
        case keyDoesNotExist: "key-does-not-exist"
        case keyAlreadyExists: "key-already-exists"
        case preconditionFailed: "precondition-failed"
        case txnConflict: "txn-conflict"
        default: code >= 1000 ? "custom error \(code)" : "error \(code)"
        }
    }

    public static func isDefinite(_ code: Int) -> Bool {
        !(code == timeout || code == crash || code >= 1000)
    }

    /// An error body replying to `msgID`.
    public static func body(_ code: Int, text: String, inReplyTo msgID: Int?) -> DataValue {
        var fields: [(String, DataValue)] = [("type", .string("error"))]
        if let msgID { fields.append(("in_reply_to", .integer(msgID))) }
        fields += [("code", .integer(code)), ("text", .string(text))]
        return .object(fields)
    }
}
