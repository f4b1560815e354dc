import Yams

/// What `course.yaml` says: the course title and its tracks of lesson ids in teaching order.
public struct CourseManifest: Sendable, Equatable {
    public var title: String
    public var tracks: [Track]

    public init(title: String, tracks: [Track]) {
        self.title = title
        self.tracks = tracks
    }
}

/// Reads `course.yaml`:
///
/// ```yaml
/// title: Distributed systems, hands on
/// tracks:
///   - title: Foundations
///     lessons: [what-is-a-distributed-system, failure-and-time]
/// ```
public enum ManifestParser {
    /// The manifest as far as it could be read (nil when it has no usable top level), and every
    /// problem found. Whether each lesson id has a file is the loader's check.
    public static func parse(_ text: String, file: String) -> (manifest: CourseManifest?, diagnostics: [Diagnostic]) {
        let parsed = analyze(text, file: file)
        return (parsed.manifest, parsed.log.diagnostics)
    }

    struct Parsed {
        var manifest: CourseManifest?
        /// Every lesson id the tracks list, with where.
        var lessons: [SpannedText] = []
        var log: DiagnosticLog
    }

    static func analyze(_ text: String, file: String) -> Parsed {
        let source = SourceText(text, file: file)
        var log = DiagnosticLog(source: source)
        let region = YAMLRegion(source: source, lines: 1..<(source.lines.count + 1))
        let top = source.span(line: 1, column: 1)
        let reported = log.diagnostics.count
        guard let node = region.compose("course.yaml", into: &log) else {
            if log.diagnostics.count == reported {
                log.error("course.yaml is empty: it needs a 'title:' and a list of 'tracks:'", at: top)
            }
            return Parsed(manifest: nil, log: log)
        }
        guard
            let fields = YAMLFields.mapping(
                node, region: region, what: "course.yaml", allowed: ["title", "tracks"], missingSpan: top,
                example: "'title: ...' and 'tracks: [...]'", log: &log)
        else { return Parsed(manifest: nil, log: log) }
        let title = fields.text("title", required: true, log: &log)
        var parsed = Parsed(manifest: nil, log: log)
        let tracks = self.tracks(fields, into: &parsed)
        parsed.manifest = CourseManifest(title: title ?? "", tracks: tracks)
        return parsed
    }

    private static func tracks(_ fields: YAMLFields, into parsed: inout Parsed) -> [Track] {
        guard let node = fields.value("tracks"), let keyNode = fields.keyNode("tracks") else {
            let _: Bool? = fields.missing(
                "tracks", log: &parsed.log, " (a list of '- title: ...' with 'lessons: [...]')")
            return []
        }
        guard case .sequence(let sequence) = node else {
            parsed.log.error(
                "'tracks' must be a list of tracks, each '- title: ...' with 'lessons: [...]'; found \(node.kindDescription)",
                at: fields.span(ofValue: node, key: keyNode))
            return []
        }
        var tracks: [Track] = []
        for element in sequence {
            let span = fields.region.span(of: element)
            guard
                let track = YAMLFields.mapping(
                    element, region: fields.region, what: "track", allowed: ["title", "lessons"], missingSpan: span,
                    example: "'title: Foundations' and 'lessons: [intro]'", log: &parsed.log)
            else { continue }
            let title = track.text("title", required: true, log: &parsed.log)
            var accepted: [String] = []
            for lesson in track.textList("lessons", log: &parsed.log) ?? [] {
                if let first = parsed.lessons.first(where: { $0.text == lesson.text }) {
                    parsed.log.error(
                        "lesson '\(lesson.text)' is listed twice (first at line \(first.span.location.line)): a lesson belongs to one track",
                        at: lesson.span)
                    continue
                }
                if !isKebabCase(lesson.text) {
                    parsed.log.error(
                        "'\(lesson.text)' is not a lesson id: ids are kebab-case, like '\(kebabCased(lesson.text))'",
                        at: lesson.span)
                }
                parsed.lessons.append(lesson)
                accepted.append(lesson.text)
            }
            if let title {
                tracks.append(Track(title: title, lessonIDs: accepted))
            }
        }
        return tracks
    }
}
