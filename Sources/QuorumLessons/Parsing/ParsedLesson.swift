import QuorumQuiz

/// What parsing one lesson file found, kept with source positions so that the course-wide
/// checks (duplicate ids, `requires`, models and parameters) can point into the file too.
struct ParsedLesson: Sendable {
    var source: SourceText
    /// The lesson as far as it could be read; nil without an id and a title. It may hold errors:
    /// `log.hasErrors` says whether the loader may use it.
    var lesson: Lesson?
    var id: String?
    var idSpan: SourceSpan?
    /// Where the lesson is, for a problem that belongs to the lesson as a whole.
    var headSpan: SourceSpan
    var requires: [SpannedText] = []
    var questionIDs: [SpannedText] = []
    var simulations: [SimulationUse] = []
    var log: DiagnosticLog

    var file: String { source.file }

    /// The id when the file has one, else its file name: how `Course.broken` names it.
    var key: String {
        id ?? String(file.split(separator: "/").last ?? Substring(file))
    }
}

/// A simulation a lesson names, in a sim block or a predict question, with where each part is.
struct SimulationUse: Sendable {
    var model: String
    var modelSpan: SourceSpan
    var params: [(parameter: SimParameter, nameSpan: SourceSpan, valueSpan: SourceSpan)]
    var seed: UInt64
    /// The predict question's metric; nil for a sim block.
    var metric: (name: String, span: SourceSpan)?
    /// The fence of the block it is in.
    var blockSpan: SourceSpan
}
