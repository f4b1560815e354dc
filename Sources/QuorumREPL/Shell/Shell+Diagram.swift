import Foundation
import QuorumModels
import QuorumSim
import QuorumTerminal

extension Shell {
    static let diagramUsage = "diagram [1s..2s] [--ascii] [--svg FILE]"

    /// `diagram [window] [--ascii] [--svg FILE]`: the last run as a space-time diagram.
    func diagram(_ arguments: [String]) -> Outcome {
        guard let run = lastRun else {
            console.error("no simulation has run yet: `sim run <model>` or a lesson's `run` first, then `diagram`.")
            return .failed
        }
        var window: ClosedRange<SimTime>?
        var ascii = false
        var svg: String?
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            switch word {
            case "--ascii":
                ascii = true
            case "--svg":
                guard index + 1 < arguments.count else {
                    console.error("--svg needs a file name: --svg run.svg")
                    return .failed
                }
                index += 1
                svg = arguments[index]
            default:
                guard word.contains(".."), window == nil, let parsed = parseWindow(word) else {
                    if !word.contains("..") || window != nil { console.error("usage: " + Self.diagramUsage) }
                    return .failed
                }
                window = parsed
            }
            index += 1
        }
        drawDiagram(of: run, window: window, ascii: ascii)
        if let svg { return writeSVG(of: run, window: window, to: svg) ? .ok : .failed }
        return .ok
    }

    /// `timeline`: each node's role over the last run.
    func timeline(_ arguments: [String]) -> Outcome {
        guard let run = lastRun else {
            console.error("no simulation has run yet: `sim run <model>` or a lesson's `run` first, then `timeline`.")
            return .failed
        }
        let ascii = arguments.contains("--ascii")
        guard arguments.allSatisfy({ $0 == "--ascii" }) else {
            console.error("usage: timeline [--ascii]")
            return .failed
        }
        let roles = RunScene.roles(run)
        guard roles.segments.contains(where: { !$0.isEmpty }) else {
            console.line("'\(run.model)' reports no roles or states to draw; `diagram` shows its messages.")
            return .ok
        }
        let lines = RoleTimeline.render(
            lanes: roles.lanes, segments: roles.segments, start: 0, end: max(1, run.endTime), width: console.width,
            style: console.style, ascii: ascii || !console.style.colorEnabled && asciiOnly,
            roleOrder: [
                "leader", "primary", "coordinator", "open", "candidate", "half-open", "follower", "closed", "backup",
                "backlog", "busy", "down",
            ])
        for line in lines { console.line(line) }
        return .ok
    }

    /// The line under a run that says how to draw it.
    func diagramHint() {
        console.line(
            console.style.dim(
                "\(command("diagram")) draws this run as a space-time diagram; "
                    + "\(command("diagram 1s..2s")) shows a window."))
    }

    /// Whether the terminal is known to lack Unicode line drawing (`TERM=dumb`).
    var asciiOnly: Bool { ProcessInfo.processInfo.environment["TERM"] == "dumb" }

    func drawDiagram(of run: SimulationRun, window: ClosedRange<SimTime>?, ascii: Bool) {
        guard !run.trace.isEmpty else {
            console.line("this run was not traced, so there is nothing to draw.")
            return
        }
        let scene = RunScene.spaceTime(run, window: window)
        let lines = SpaceTimeDiagram.render(
            scene, width: console.width, style: console.style, ascii: ascii || asciiOnly)
        console.page(lines.joined(separator: "\n"))
    }

    /// Writes the space-time diagram as a standalone SVG; false after reporting a failure.
    func writeSVG(of run: SimulationRun, window: ClosedRange<SimTime>?, to path: String) -> Bool {
        let svg = SpaceTimeSVG.render(RunScene.spaceTime(run, window: window))
        do {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            console.error("could not write \(path): \(error.localizedDescription). Nothing else changed.")
            return false
        }
        console.line("wrote \(path): open it in a browser (hover over an arrow for the message).")
        return true
    }
}
