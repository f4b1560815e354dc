/// A course folder, loaded: its tracks, the lessons that parsed cleanly, and why others did not.
public struct Course: Sendable {
    public var title: String
    public var tracks: [Track]
    /// Loaded lessons in manifest order. A lesson with any error is not here but in `broken`.
    public var lessons: [Lesson]
    /// Why each skipped lesson was skipped, by lesson id (or file name when the file has no id).
    /// Every id a track lists is either in `lessons` or here.
    public var broken: [String: [Diagnostic]]
    /// In teaching order, as `glossary.yaml` lists them.
    public var glossary: [GlossaryEntry]
    /// The folder as given to the loader.
    public var root: String

    public init(
        title: String, tracks: [Track] = [], lessons: [Lesson] = [], broken: [String: [Diagnostic]] = [:],
        glossary: [GlossaryEntry] = [], root: String = ""
    ) {
        self.title = title
        self.tracks = tracks
        self.lessons = lessons
        self.broken = broken
        self.glossary = glossary
        self.root = root
    }

    public func lesson(id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }

    public func track(containing lessonID: String) -> Track? {
        tracks.first { $0.lessonIDs.contains(lessonID) }
    }
}

/// A titled group of lessons in teaching order. A track may be empty: a place for lessons to come.
public struct Track: Sendable, Equatable {
    public var title: String
    public var lessonIDs: [String]

    public init(title: String, lessonIDs: [String]) {
        self.title = title
        self.lessonIDs = lessonIDs
    }
}

/// A term from `glossary.yaml`: a one-paragraph definition and the lessons that teach it.
public struct GlossaryEntry: Sendable, Equatable {
    public var term: String
    public var definition: String
    public var lessons: [String]

    public init(term: String, definition: String, lessons: [String] = []) {
        self.term = term
        self.definition = definition
        self.lessons = lessons
    }
}
