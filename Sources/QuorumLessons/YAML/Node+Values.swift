import Yams

// Lesson YAML is read by hand rather than through Yams' typed accessors: they trap on an
// overflowing sexagesimal integer (`1:2:3:4:5:6:7:8:9:10:11:12`), and a lesson file must never
// crash the shell. Only plain (unquoted) scalars are numbers or booleans, as in YAML.
extension Node.Scalar {
    var isPlain: Bool { style == .plain || style == .any }

    /// An empty value, `~` or `null`.
    var isNull: Bool { isPlain && ["", "~", "null", "Null", "NULL"].contains(string) }

    var integer: Int? { isPlain ? Int(string) : nil }

    var number: Double? {
        guard isPlain, let value = Double(string), value.isFinite else { return nil }
        return value
    }

    var boolean: Bool? {
        guard isPlain else { return nil }
        switch string {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }
}

extension Node {
    /// What the node is, in words, for "expected ..., found ..." messages.
    var kindDescription: String {
        switch self {
        case .scalar(let scalar): scalar.isNull ? "nothing" : "'\(scalar.string.prefix(40))'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// The text of a non-null scalar.
    var text: String? {
        guard case .scalar(let scalar) = self, !scalar.isNull else { return nil }
        return scalar.string
    }

    var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.isNull }
        return false
    }
}
