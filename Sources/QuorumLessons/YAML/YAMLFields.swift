import Yams

/// A YAML mapping read field by field: unknown keys, missing fields and wrong types are reported
/// at the key or value that causes them.
struct YAMLFields {
    let region: YAMLRegion
    /// Names the mapping in messages: "quiz block", "front matter".
    let what: String
    /// Where to report a missing field: the fence, the `---`, or the key that holds the mapping.
    let missingSpan: SourceSpan
    private var entries: [(key: String, keyNode: Node, value: Node)] = []

    /// Reads `mapping`, reporting keys not in `allowed` (with a suggestion) and keys that are not
    /// plain names.
    init(
        _ mapping: Node.Mapping, region: YAMLRegion, what: String, allowed: [String], missingSpan: SourceSpan,
        log: inout DiagnosticLog
    ) {
        self.region = region
        self.what = what
        self.missingSpan = missingSpan
        for (keyNode, value) in mapping {
            guard let key = keyNode.text else {
                log.error(
                    "\(what) field names must be plain words, not \(keyNode.kindDescription)",
                    at: region.span(of: keyNode))
                continue
            }
            guard allowed.contains(key) else {
                log.error(
                    "unknown field '\(key)' in \(what)" + didYouMean(key, in: allowed)
                        + " (fields: \(allowed.joined(separator: ", ")))",
                    at: region.span(of: keyNode))
                continue
            }
            entries.append((key, keyNode, value))
        }
    }

    /// Reads `node` as a mapping, or reports what it should have been and returns nil.
    static func mapping(
        _ node: Node, region: YAMLRegion, what: String, allowed: [String], missingSpan: SourceSpan, example: String,
        log: inout DiagnosticLog
    ) -> YAMLFields? {
        guard case .mapping(let mapping) = node else {
            log.error(
                "\(what) must be a mapping of fields, like \(example); found \(node.kindDescription)",
                at: region.span(of: node))
            return nil
        }
        return YAMLFields(mapping, region: region, what: what, allowed: allowed, missingSpan: missingSpan, log: &log)
    }

    var keys: [String] { entries.map(\.key) }

    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

    func keyNode(_ key: String) -> Node? { entries.first { $0.key == key }?.keyNode }

    func keySpan(_ key: String) -> SourceSpan? {
        entries.first { $0.key == key }.map { region.span(of: $0.keyNode) }
    }

    func valueSpan(_ key: String) -> SourceSpan? {
        entries.first { $0.key == key }.map { span(ofValue: $0.value, key: $0.keyNode) }
    }

    /// A value's span; an empty value has no text of its own, so the key stands in for it.
    func span(ofValue value: Node, key: Node) -> SourceSpan {
        value.isNull && value.scalar?.string.isEmpty == true ? region.span(of: key) : region.span(of: value)
    }

    /// Reports a missing required field; returns nil so callers can write `?? missing(...)`.
    func missing<T>(_ key: String, log: inout DiagnosticLog, _ hint: String = "") -> T? {
        log.error("missing required field '\(key)' in \(what)\(hint)", at: missingSpan)
        return nil
    }

    /// A text field: any non-empty scalar. Reports a list, a mapping or an empty value.
    func text(_ key: String, required: Bool = false, log: inout DiagnosticLog) -> String? {
        guard let entry = entries.first(where: { $0.key == key }) else {
            return required ? missing(key, log: &log) : nil
        }
        guard let text = entry.value.text else {
            let found = entry.value.isNull ? "it is empty" : "found \(entry.value.kindDescription)"
            log.error("'\(key)' in \(what) must be text; \(found)", at: span(ofValue: entry.value, key: entry.keyNode))
            return nil
        }
        return text
    }

    /// A list of text, like `[a, b]`; each bad element is reported at itself.
    func textList(_ key: String, log: inout DiagnosticLog) -> [SpannedText]? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        return Self.textList(entry.value, key: key, what: what, region: region, keyNode: entry.keyNode, log: &log)
    }

    static func textList(
        _ node: Node, key: String, what: String, region: YAMLRegion, keyNode: Node, log: inout DiagnosticLog
    ) -> [SpannedText]? {
        guard case .sequence(let sequence) = node else {
            let span = node.isNull ? region.span(of: keyNode) : region.span(of: node)
            log.error(
                "'\(key)' in \(what) must be a list, like [a, b]; found \(node.kindDescription)", at: span)
            return nil
        }
        var items: [SpannedText] = []
        var valid = true
        for element in sequence {
            guard let text = element.text else {
                log.error(
                    "each entry of '\(key)' must be text; found \(element.kindDescription)",
                    at: region.span(of: element))
                valid = false
                continue
            }
            items.append(SpannedText(text: text, span: region.span(of: element)))
        }
        return valid ? items : nil
    }
}
