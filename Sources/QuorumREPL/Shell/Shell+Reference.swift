import QuorumLessons
import QuorumModels
import QuorumTerminal

extension Shell {
    func define(_ arguments: [String]) -> Outcome {
        guard let course = requireCourse() else { return .failed }
        let term = arguments.joined(separator: " ")
        guard !term.isEmpty else {
            console.error("usage: define <term>")
            return .failed
        }
        guard let entry = course.define(term) else {
            var message = "no glossary entry for '\(term)'"
            if let suggestion = closestMatch(to: term, in: course.glossary.map(\.term)) {
                message += " (did you mean '\(suggestion)'?)"
            }
            console.error(message + ". `search \(term)` looks through the lessons.")
            return .failed
        }
        let style = console.style
        console.line(style.bold(entry.term))
        console.paragraph(entry.definition)
        if !entry.lessons.isEmpty {
            console.line(style.dim("Taught in: " + entry.lessons.joined(separator: ", ")))
        }
        return .ok
    }

    func search(_ arguments: [String]) -> Outcome {
        guard let course = requireCourse() else { return .failed }
        let words = arguments.joined(separator: " ")
        guard !words.isEmpty else {
            console.error("usage: search <words>")
            return .failed
        }
        let hits = course.search(words)
        guard !hits.isEmpty else {
            console.line("Nothing in the course mentions '\(words)'.")
            return .ok
        }
        let style = console.style
        var out: [String] = []
        for hit in hits {
            let place: String
            if let lessonID = hit.lessonID {
                place = lessonID + (hit.stepIndex.map { " · step \($0 + 1)" } ?? "")
            } else {
                place = "glossary"
            }
            out.append(style.bold(hit.title) + style.dim("  (\(place))"))
            out.append(contentsOf: wrap(hit.snippet, width: console.width - 4).map { "    " + $0 })
        }
        out.append(
            style.dim("\(plural(hits.count, "match")) · ")
                + "\(command("learn <lesson>")) then \(command("step <n>")) opens one")
        console.page(out.joined(separator: "\n"))
        return .ok
    }

    func lint(_ arguments: [String]) -> Outcome {
        guard arguments.count <= 1 else {
            console.error("usage: lint [dir]")
            return .failed
        }
        guard let directory = arguments.first ?? courseDirectory else {
            console.error("no course folder to check; give one: lint <dir>")
            return .failed
        }
        let diagnostics = CourseLinter.lint(directory: directory, registry: registry)
        for diagnostic in diagnostics { console.diagnostic(diagnostic.rendered) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if errors == 0 {
            console.line(
                console.style.success("✓") + " \(directory): no errors"
                    + (warnings > 0 ? ", \(plural(warnings, "warning"))" : ""))
            return .ok
        }
        console.line(
            "\(directory): \(plural(errors, "error"))" + (warnings > 0 ? ", \(plural(warnings, "warning"))" : ""))
        return .failed
    }

    func help(_ arguments: [String]) -> Outcome {
        let style = console.style
        if let name = arguments.first {
            guard let spec = CommandTable.spec(named: name) else {
                var message = "no command '\(name)'"
                if let suggestion = CommandTable.suggestion(for: name) { message += " (did you mean '\(suggestion)'?)" }
                console.error(message + ".")
                return .failed
            }
            let renderer = MarkdownRenderer(width: console.width, style: style)
            console.line(style.bold(spec.usage))
            console.line(renderer.render(spec.summary))
            if !spec.details.isEmpty { console.line(renderer.render(spec.details)) }
            if !spec.aliases.isEmpty { console.line(style.dim("Also: " + spec.aliases.joined(separator: ", "))) }
            return .ok
        }
        var table = TextTable(headers: ["command", "what it does"])
        for spec in CommandTable.commands { table.addRow([spec.usage, spec.summary]) }
        console.line(table.render(style: style, maxWidth: console.width))
        console.paragraph(
            "\(command("help <command>")) says more. Tab completes commands, lessons, models and parameters; "
                + "Ctrl-C cancels, Ctrl-D quits.")
        return .ok
    }
}
