import Foundation
import QuorumLessons
import QuorumModels

/// libFuzzer entry: whatever the bytes, parsing and loading must return diagnostics, never trap.
///
/// The input is read as one file by each parser (lesson, course.yaml, glossary.yaml). When it
/// holds record separators (U+001E) it is also split into a whole course: course.yaml, then
/// glossary.yaml, then lessons named after their `id:` lines, so the cross-file checks run too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLessons(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: size > 0 ? data : nil, count: size), as: UTF8.self)

    let (lesson, lessonDiagnostics) = LessonParser.parse(text, file: "fuzz/lesson.md", registry: .standard)
    let (_, manifestDiagnostics) = ManifestParser.parse(text, file: "fuzz/course.yaml")
    let (glossary, glossaryDiagnostics) = GlossaryParser.parse(text, file: "fuzz/glossary.yaml")
    for diagnostic in lessonDiagnostics + manifestDiagnostics + glossaryDiagnostics {
        _ = diagnostic.rendered
    }

    let query = String(text.prefix(40))
    let course = Course(title: "fuzz", lessons: lesson.map { [$0] } ?? [], glossary: glossary)
    _ = course.search(query)
    _ = course.define(query)
    _ = course.suggestTerm(for: query)

    if text.contains("\u{1E}") {
        let loaded = CourseLoader.load(files: courseFiles(text), root: "fuzz", registry: .standard)
        for diagnostic in loaded.diagnostics { _ = diagnostic.rendered }
        _ = loaded.course?.search(query)
    }
    return 0
}

private func courseFiles(_ text: String) -> [String: String] {
    let parts = text.split(separator: "\u{1E}", omittingEmptySubsequences: false).map(String.init)
    var files: [String: String] = [:]
    for (index, part) in parts.enumerated() {
        switch index {
        case 0: files["course.yaml"] = part
        case 1: files["glossary.yaml"] = part
        default:
            let idLine = part.split(separator: "\n").first { $0.hasPrefix("id: ") }
            let id = idLine.map { String($0.dropFirst(4)).trimmingCharacters(in: .whitespaces) } ?? "lesson-\(index)"
            files[(id.isEmpty ? "lesson-\(index)" : id) + ".md"] = part
        }
    }
    return files
}

/// SwiftPM links an executable target with `--defsym main=<module>_main`, so libFuzzer's own
/// `main` never runs; this is that symbol, and it starts libFuzzer's driver instead.
@_cdecl("quorum_fuzz_lessons_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzLessons)
}

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
