import QuorumModels

// The checks that need more than one file.
extension CourseAssembler {
    /// Every lesson the manifest lists has a file, and every lesson file is in the manifest.
    mutating func checkManifest() {
        guard var manifest, manifest.manifest != nil else { return }
        let stems = lessons.indices.map(stem)
        for entry in manifest.lessons where !stems.contains(entry.text) {
            let message =
                "lesson '\(entry.text)' has no file: expected \(files.path(entry.text + ".md"))"
                + didYouMean(entry.text, in: stems)
            manifest.log.error(message, at: entry.span)
            missing[entry.text] = Diagnostic(.error, message, at: entry.span)
        }
        self.manifest = manifest
        let listed = Set(manifest.lessons.map(\.text))
        for index in lessons.indices where !listed.contains(stem(index)) {
            let span = lessons[index].idSpan ?? lessons[index].headSpan
            lessons[index].log.error(
                "lesson '\(stem(index))' is in no track of course.yaml: add it to one so learners can find it", at: span
            )
        }
    }

    /// No two lesson files share an id.
    mutating func checkLessonIDs() {
        var first: [String: String] = [:]
        for index in teachingOrder {
            guard let id = lessons[index].id, let span = lessons[index].idSpan else { continue }
            if let other = first[id] {
                lessons[index].log.error("duplicate lesson id '\(id)': \(other) has it too", at: span)
            } else {
                first[id] = lessons[index].file
            }
        }
    }

    /// Question ids are unique across the course (the parser checks within one file).
    mutating func checkQuestionIDs() {
        var first: [String: SourceSpan] = [:]
        for index in teachingOrder {
            for question in lessons[index].questionIDs {
                if let other = first[question.text] {
                    if other.location.file != lessons[index].file {
                        lessons[index].log.error(
                            "duplicate question id '\(question.text)' (also used at \(other.location)): "
                                + "attempts and reviews are keyed on it, so each must be unique", at: question.span)
                    }
                } else {
                    first[question.text] = question.span
                }
            }
        }
    }

    /// Each `requires` names a lesson of the course, and no lesson requires itself, even
    /// through others.
    mutating func checkRequires() {
        let ids = lessons.compactMap(\.id)
        for index in lessons.indices {
            for entry in lessons[index].requires where !ids.contains(entry.text) {
                lessons[index].log.error(
                    "requires '\(entry.text)', which is no lesson in this course" + didYouMean(entry.text, in: ids),
                    at: entry.span)
            }
        }
        for cycle in requiresCycles() {
            let names = (cycle.path + [cycle.path[0]]).compactMap { lessons[$0].id }.joined(separator: " → ")
            let message =
                cycle.path.count == 1
                ? "lesson '\(lessons[cycle.path[0]].id ?? "")' requires itself"
                : "requires cycle \(names): a lesson cannot require itself, even through others"
            lessons[cycle.from].log.error(message, at: cycle.span)
        }
    }

    /// Each back edge of a depth-first walk in teaching order, with the cycle it closes. Removing
    /// them all leaves no cycle, so reporting (and so skipping) one lesson per edge is enough.
    private func requiresCycles() -> [(from: Int, span: SourceSpan, path: [Int])] {
        var indexOfID: [String: Int] = [:]
        for index in teachingOrder {
            if let id = lessons[index].id, indexOfID[id] == nil { indexOfID[id] = index }
        }
        let edges = lessons.map { lesson in
            lesson.requires.compactMap { entry in indexOfID[entry.text].map { (to: $0, span: entry.span) } }
        }
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: lessons.count)
        var cycles: [(from: Int, span: SourceSpan, path: [Int])] = []
        for root in teachingOrder where marks[root] == .unvisited {
            // An explicit stack of (lesson, next edge to follow), so a long chain cannot overflow.
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let top = stack.last {
                guard top.next < edges[top.node].count else {
                    marks[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let edge = edges[top.node][top.next]
                switch marks[edge.to] {
                case .unvisited:
                    marks[edge.to] = .onPath
                    stack.append((edge.to, 0))
                case .onPath:
                    let path = stack.map(\.node)
                    let start = path.lastIndex(of: edge.to) ?? 0
                    cycles.append((top.node, edge.span, Array(path[start...])))
                case .done:
                    break
                }
            }
        }
        return cycles
    }

    /// Each glossary entry's lessons exist; unknown ones are reported and dropped.
    mutating func checkGlossary() {
        guard var glossary else { return }
        let ids = lessons.compactMap(\.id)
        for index in glossary.entries.indices {
            let entry = glossary.entries[index]
            var kept: [String] = []
            for (id, span) in zip(entry.entry.lessons, entry.lessonSpans) {
                if ids.contains(id) {
                    kept.append(id)
                } else {
                    glossary.log.error(
                        "glossary entry '\(entry.entry.term)' names lesson '\(id)', which is no lesson in this course"
                            + didYouMean(id, in: ids), at: span)
                }
            }
            glossary.entries[index].entry.lessons = kept
        }
        self.glossary = glossary
    }
}
