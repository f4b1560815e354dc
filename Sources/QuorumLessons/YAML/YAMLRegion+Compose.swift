import Foundation
import Yams

extension YAMLRegion {
    /// The region's YAML as a node tree; nil (with a diagnostic where Yams stopped) when it is
    /// not valid YAML, and nil without one when it is empty.
    ///
    /// `what` names the region in messages: "quiz block", "front matter", "course.yaml".
    func compose(_ what: String, into log: inout DiagnosticLog) -> Node? {
        if let alias = selfReferencingAlias() {
            // Aliases can build a tree exponentially larger than its text ("billion laughs"),
            // which Yams hashes in full when one is a key: refuse them before parsing.
            log.error(
                "YAML aliases ('*\(alias.name)') are not supported in \(what)s: write the value out", at: alias.span)
            return nil
        }
        do {
            return try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            log.error(message(for: error, in: what), at: span(of: error))
            return nil
        } catch {
            log.error("invalid YAML in \(what): \(error)", at: span(line: 1, column: 1))
            return nil
        }
    }

    private func message(for error: YamlError, in what: String) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return "invalid YAML in \(what): \(problem)\(during)"
        case .reader(let problem, _, _, _):
            return "invalid YAML in \(what): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return "duplicate key \(keys) in \(what): each field may appear once"
        default:
            return "invalid YAML in \(what): \(error)"
        }
    }

    private func span(of error: YamlError) -> SourceSpan {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return span(line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let (line, column) = repeatedKey(key, after: context.mark) ?? (context.mark.line, context.mark.column)
            return span(line: line, column: column, length: key.unicodeScalars.count)
        case .reader(_, let offset, _, _):
            return offset.map(span(atCharacterOffset:)) ?? span(line: 1, column: 1)
        default:
            return span(line: 1, column: 1)
        }
    }

    /// Yams points at the first of two equal keys; the second is the one to remove. In a block
    /// mapping it starts a later line at the same column.
    private func repeatedKey(_ key: String, after mark: Mark) -> (line: Int, column: Int)? {
        let spelled = Array((key + ":").unicodeScalars)
        guard mark.line >= 1, mark.column >= 1, !key.isEmpty else { return nil }
        for index in mark.line..<lines.count {
            let line = lines[index]
            let start = mark.column - 1
            if line.count >= start + spelled.count, Array(line[start..<(start + spelled.count)]) == spelled,
                line[..<start].allSatisfy({ $0 == " " || $0 == "-" })
            {
                return (index + 1, mark.column)
            }
        }
        return nil
    }

    /// Yams reports reader errors as a count of Characters from the start of the YAML.
    private func span(atCharacterOffset offset: Int) -> SourceSpan {
        var line = 1
        var column = 1
        var seen = 0
        for character in text {
            if seen == offset { break }
            seen += 1
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return span(line: line, column: column)
    }

    /// The first alias (`*name`) whose anchor (`&name`) the region also defines, found by looking
    /// at the text: a superset of what libyaml would resolve, never a subset.
    private func selfReferencingAlias() -> (name: String, span: SourceSpan)? {
        var anchors: Set<String> = []
        var aliases: [(name: String, line: Int, column: Int)] = []
        for (index, line) in lines.enumerated() {
            var position = 0
            while position < line.count {
                let scalar = line[position]
                let startsToken = position == 0 || Self.tokenBoundaries.contains(line[position - 1])
                guard startsToken, scalar == "&" || scalar == "*" else {
                    position += 1
                    continue
                }
                var end = position + 1
                while end < line.count, !Self.nameEnds.contains(line[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(line[(position + 1)..<end]))
                if !name.isEmpty {
                    if scalar == "&" {
                        anchors.insert(name)
                    } else {
                        aliases.append((name, index + 1, position + 1))
                    }
                }
                position = end
            }
        }
        guard let alias = aliases.first(where: { anchors.contains($0.name) }) else { return nil }
        return (alias.name, span(line: alias.line, column: alias.column, length: alias.name.unicodeScalars.count + 1))
    }

    private static let tokenBoundaries: Set<Unicode.Scalar> = [" ", "\t", "[", "{", ",", ":", "?", "-"]
    private static let nameEnds: Set<Unicode.Scalar> = [" ", "\t", "[", "]", "{", "}", ","]
}
