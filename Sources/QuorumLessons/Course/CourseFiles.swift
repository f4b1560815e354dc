import Foundation

/// The files of a course folder, read into memory: `course.yaml`, `glossary.yaml`, and every
/// `*.md` directly in it except `README.md`.
struct CourseFiles: Sendable {
    /// The folder as given; file paths in diagnostics start with it.
    var root: String
    /// Nil when the folder has no `course.yaml`.
    var manifest: String?
    /// Nil when the folder has no `glossary.yaml` (an empty glossary).
    var glossary: String?
    /// By file name.
    var lessons: [(name: String, text: String)]
    /// Files that exist but cannot be read.
    var unreadable: [(name: String, diagnostic: Diagnostic)] = []

    init(
        root: String, manifest: String?, glossary: String? = nil, lessons: [(name: String, text: String)],
        unreadable: [(name: String, diagnostic: Diagnostic)] = []
    ) {
        self.root = root
        self.manifest = manifest
        self.glossary = glossary
        self.lessons = lessons.sorted { $0.name < $1.name }
        self.unreadable = unreadable
    }

    /// The course in `contents` (file name to text), sorted the way `read(_:)` sorts a folder.
    init(root: String, contents: [String: String]) {
        self.init(
            root: root, manifest: contents["course.yaml"], glossary: contents["glossary.yaml"],
            lessons: contents.filter { Self.isLesson($0.key) }.map { ($0.key, $0.value) })
    }

    /// `*.md` except a README.
    static func isLesson(_ name: String) -> Bool {
        name.hasSuffix(".md") && name.lowercased() != "readme.md" && !name.contains("/")
    }

    /// `root` joined with `name`, as diagnostics print it: `lessons/cap.md`.
    func path(_ name: String) -> String {
        if root.isEmpty { return name }
        return root.hasSuffix("/") ? root + name : root + "/" + name
    }

    /// Reads `directory`; nil when it cannot be listed.
    static func read(_ directory: String) -> CourseFiles? {
        let manager = FileManager.default
        let url = URL(fileURLWithPath: directory.isEmpty ? "." : directory, isDirectory: true)
        guard let names = try? manager.contentsOfDirectory(atPath: url.path) else { return nil }
        var files = CourseFiles(root: directory, manifest: nil, lessons: [])
        func text(_ name: String) -> String? {
            manager.contents(atPath: url.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
        }
        var lessons: [(name: String, text: String)] = []
        for name in names.sorted() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            if name == "course.yaml" {
                files.manifest = text(name) ?? ""
            } else if name == "glossary.yaml" {
                files.glossary = text(name) ?? ""
            } else if isLesson(name) {
                if let contents = text(name) {
                    lessons.append((name, contents))
                } else {
                    let location = SourceLocation(file: files.path(name), line: 1, column: 1)
                    files.unreadable.append(
                        (
                            name,
                            Diagnostic(severity: .error, location: location, message: "cannot read this lesson file")
                        ))
                }
            }
        }
        files.lessons = lessons
        return files
    }
}
