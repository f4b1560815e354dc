import Foundation
import QuorumLessons

extension Shell {
    /// The first thing a learner sees: what this is, how big the course is, and what to type.
    public func welcome() {
        let style = console.style
        console.line(style.bold("quorum") + " · distributed systems, hands on")
        reportStartupProblems()
        guard let course else {
            console.line("There is no course to show; `help` lists what still works (sim, lint).")
            return
        }
        let questions = course.lessons.reduce(0) { $0 + $1.questions.count }
        let filled = course.tracks.filter { !$0.lessonIDs.isEmpty }.count
        console.paragraph(
            "\(course.title): \(plural(course.lessons.count, "lesson")) in \(plural(filled, "track")), "
                + "\(plural(questions, "question")), and simulations you can run, break and rerun.")
        if let position {
            console.paragraph(
                "Welcome back. You were on step \(position.step + 1) of \(position.lesson.steps.count) of "
                    + "\(style.bold(position.lesson.title)): type \(command("learn \(position.lesson.id)")) to carry on."
            )
        } else if let first = course.lessons.first {
            console.paragraph(
                "Type \(command("lessons")) to see the course, \(command("learn \(first.id)")) to start, "
                    + "or \(command("help")) for every command.")
        }
        let due = dueCount(at: now())
        if due > 0 {
            console.line(
                "\(plural(due, "question")) \(due == 1 ? "is" : "are") due for review: type \(style.code("review")).")
        } else if let next = nextDueText(after: now()) {
            console.line(style.dim("Nothing is due for review; the next question comes back \(next)."))
        }
    }

    /// Tells the learner about a skipped lesson or a moved database once, at start.
    func reportStartupProblems() {
        for notice in storeNotices { console.warning(notice.description) }
        let errors = courseDiagnostics.filter { $0.severity == .error }
        if let course, !course.broken.isEmpty {
            let names = course.broken.keys.sorted().joined(separator: ", ")
            console.warning(
                "skipped \(plural(course.broken.count, "broken lesson")) (\(names)); the rest of the course is loaded. "
                    + "\(command("quorum lint")) shows what is wrong.")
        } else if course == nil, let first = errors.first {
            console.warning("could not load the course: \(first.message)")
            console.warning("start with --course DIR, or set QUORUM_COURSE, to use another course folder.")
        }
    }
}

/// "1 lesson", "3 lessons", "2 matches".
func plural(_ count: Int, _ noun: String) -> String {
    if count == 1 { return "1 \(noun)" }
    let ending = noun.hasSuffix("ch") || noun.hasSuffix("s") ? "es" : "s"
    return "\(count) \(noun)\(ending)"
}
