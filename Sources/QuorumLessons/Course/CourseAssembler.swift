import QuorumModels

/// Turns a course folder's files into a `Course` and the diagnostics for all of them: each file
/// parsed on its own, then the checks that need the whole course (ids, tracks, `requires`,
/// glossary, models).
struct CourseAssembler {
    let files: CourseFiles
    let registry: ModelRegistry
    /// In file-name order, as `files.lessons`.
    var lessons: [ParsedLesson]
    var manifest: ManifestParser.Parsed?
    var glossary: GlossaryParser.Parsed?
    /// Diagnostics that belong to no parsed file: a missing course.yaml, unreadable files.
    var loose: [Diagnostic] = []
    /// Lessons the manifest lists with no file, and why.
    var missing: [String: Diagnostic] = [:]

    init(files: CourseFiles, registry: ModelRegistry) {
        self.files = files
        self.registry = registry
        lessons = files.lessons.map { LessonParser.analyze($0.text, file: files.path($0.name)) }
        if let text = files.manifest {
            manifest = ManifestParser.analyze(text, file: files.path("course.yaml"))
        } else {
            let location = SourceLocation(file: files.path("course.yaml"), line: 1, column: 1)
            loose.append(
                Diagnostic(
                    severity: .error, location: location,
                    message:
                        "no course.yaml: a course folder needs one naming the course and listing its tracks of lessons"
                ))
        }
        glossary = files.glossary.map { GlossaryParser.analyze($0, file: files.path("glossary.yaml")) }
        loose += files.unreadable.map(\.diagnostic)
    }

    /// Runs every check; `runSimulations` also runs each simulation once, as `quorum lint` does.
    mutating func check(runSimulations: Bool) {
        checkSimulations(run: runSimulations)
        checkManifest()
        checkLessonIDs()
        checkQuestionIDs()
        checkRequires()
        checkGlossary()
    }

    /// Every diagnostic, by file and position.
    var diagnostics: [Diagnostic] {
        var all = loose
        all += manifest?.log.diagnostics ?? []
        all += glossary?.log.diagnostics ?? []
        for lesson in lessons { all += lesson.log.diagnostics }
        return all.sorted(by: Diagnostic.inReadingOrder)
    }

    /// The file stem of each lesson: the id the manifest must use for it.
    func stem(_ index: Int) -> String {
        String(files.lessons[index].name.dropLast(3))
    }

    /// Lesson indices in teaching order: as the manifest lists them, then any others by name.
    var teachingOrder: [Int] {
        var order: [Int] = []
        for entry in manifest?.lessons ?? [] {
            if let index = lessons.indices.first(where: { stem($0) == entry.text }), !order.contains(index) {
                order.append(index)
            }
        }
        return order + lessons.indices.filter { !order.contains($0) }
    }

    private mutating func checkSimulations(run: Bool) {
        for index in lessons.indices {
            for use in lessons[index].simulations {
                let before = lessons[index].log.diagnostics.count
                SimulationCheck.check(use, registry: registry, log: &lessons[index].log)
                if run, !lessons[index].log.diagnostics[before...].hasErrors {
                    SimulationCheck.run(use, registry: registry, log: &lessons[index].log)
                }
            }
        }
    }

    func course() -> Course {
        var broken: [String: [Diagnostic]] = missing.mapValues { [$0] }
        var loaded: [String: Lesson] = [:]
        for lesson in lessons {
            let errors = lesson.log.diagnostics.filter { $0.severity == .error }
            if let parsed = lesson.lesson, errors.isEmpty {
                loaded[parsed.id] = parsed
            } else {
                broken[lesson.key, default: []] += errors
            }
        }
        for (name, diagnostic) in files.unreadable {
            broken[String(name.dropLast(3)), default: []].append(diagnostic)
        }
        // A track names a lesson by its file; when that file's id says otherwise, the lesson is
        // broken under its id, so record it under the name the track uses too.
        for entry in manifest?.lessons ?? [] where loaded[entry.text] == nil && broken[entry.text] == nil {
            if let index = lessons.indices.first(where: { stem($0) == entry.text }) {
                broken[entry.text] = lessons[index].log.diagnostics.filter { $0.severity == .error }
            }
        }
        let order = teachingOrder.compactMap { lessons[$0].lesson?.id }
        var seen: Set<String> = []
        let ordered = order.compactMap { id in seen.insert(id).inserted ? loaded[id] : nil }
        let tracks =
            manifest?.manifest?.tracks ?? [Track(title: "Lessons", lessonIDs: teachingOrder.map { lessons[$0].key })]
        let folderName = files.root.split(separator: "/").last.map(String.init) ?? "Course"
        let title = manifest?.manifest?.title ?? ""
        return Course(
            title: title.isEmpty ? folderName : title, tracks: tracks, lessons: ordered, broken: broken,
            glossary: glossary?.entries.map(\.entry) ?? [], root: files.root)
    }
}
