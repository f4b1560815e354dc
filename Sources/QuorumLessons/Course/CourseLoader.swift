import QuorumModels

/// Loads a course folder for the shell.
public enum CourseLoader {
    /// Fast (the shell starts in < 30 ms with the whole course): parses and checks structure and sim params, but does NOT run predict simulations.
    ///
    /// A lesson with any error is left out of `course.lessons` and listed in `course.broken`; the
    /// rest load. The course is nil only when the folder cannot be read.
    public static func load(directory: String, registry: ModelRegistry) -> (course: Course?, diagnostics: [Diagnostic])
    {
        guard let files = CourseFiles.read(directory) else {
            return (nil, [unreadableFolder(directory)])
        }
        return load(files, registry: registry)
    }

    /// Loads a course whose files are already in memory, by file name (`course.yaml`,
    /// `glossary.yaml`, `cap.md`), as `load(directory:registry:)` would find them in `root`.
    public static func load(
        files: [String: String], root: String, registry: ModelRegistry
    ) -> (course: Course?, diagnostics: [Diagnostic]) {
        load(CourseFiles(root: root, contents: files), registry: registry)
    }

    static func load(_ files: CourseFiles, registry: ModelRegistry) -> (course: Course?, diagnostics: [Diagnostic]) {
        var assembler = CourseAssembler(files: files, registry: registry)
        assembler.check(runSimulations: false)
        return (assembler.course(), assembler.diagnostics)
    }

    static func unreadableFolder(_ directory: String) -> Diagnostic {
        Diagnostic(
            severity: .error, location: SourceLocation(file: directory, line: 1, column: 1),
            message: "cannot read the course folder '\(directory)'")
    }
}

/// Checks a course folder the way `quorum lint` does.
public enum CourseLinter {
    /// Everything `CourseLoader` checks, and also runs each simulation once: every sim block, and
    /// every predict question's simulation, which must report its metric as a finite number.
    public static func lint(directory: String, registry: ModelRegistry) -> [Diagnostic] {
        guard let files = CourseFiles.read(directory) else {
            return [CourseLoader.unreadableFolder(directory)]
        }
        return lint(files, registry: registry)
    }

    /// Lints a course whose files are already in memory, as `CourseLoader.load(files:root:registry:)` takes them.
    public static func lint(files: [String: String], root: String, registry: ModelRegistry) -> [Diagnostic] {
        lint(CourseFiles(root: root, contents: files), registry: registry)
    }

    static func lint(_ files: CourseFiles, registry: ModelRegistry) -> [Diagnostic] {
        var assembler = CourseAssembler(files: files, registry: registry)
        assembler.check(runSimulations: true)
        return assembler.diagnostics
    }
}
