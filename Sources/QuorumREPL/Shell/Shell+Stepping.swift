import Foundation
import QuorumModels
import QuorumSim
import QuorumTerminal

/// `sim step <model>`: a run taken one event at a time, with faults injected by hand.
final class SteppingSession {
    let session: any SimulationSession
    let model: String
    /// How much of the trace has been printed.
    var shown = 0

    init(session: any SimulationSession, model: String) {
        self.session = session
        self.model = model
    }
}

extension Shell {
    static let stepCommands: [(usage: String, summary: String)] = [
        ("step [n]", "handle the next event (or n events)"),
        ("until <time>", "run up to a time, like until 1.5s"),
        ("continue", "run to the end"),
        ("state [node]", "what each process holds now (or one)"),
        ("inflight", "the messages on the wire, with their ids"),
        ("crash <node>", "crash a process now; restart <node> brings it back"),
        ("pause <node>", "freeze a process; resume <node> wakes it"),
        ("partition <groups>", "cut the network, like partition n1,n2|n3 (or n1->n3 one way)"),
        ("heal", "restore every link"),
        ("drop <id>", "lose one message in flight (see inflight)"),
        ("diagram [window]", "the space-time diagram so far"),
        ("done", "stop stepping and see the results"),
    ]

    func stepModel(named name: String, arguments: [String]) -> Outcome {
        guard let model = findModel(name), let parsed = parseRunWords(arguments, seed: 1) else { return .failed }
        let session: any SimulationSession
        do {
            session = try model.start(model.resolve(parsed.settings), seed: parsed.seed, trace: .full)
        } catch {
            console.error(error.description)
            return .failed
        }
        let stepping = SteppingSession(session: session, model: model.name)
        let style = console.style
        console.line(
            style.accent("▶ stepping \(model.name)") + style.dim(" seed=\(parsed.seed)")
                + " · processes: \(session.names.joined(separator: " "))")
        console.line(
            "Type \(command("step")) to handle the next event, \(command("help")) for every command, "
                + "\(command("done")) to finish.")
        printNewEvents(stepping)
        while true {
            let prompt = reader.isInteractive ? style.prompt("sim>") + " " : ""
            switch reader.readLine(prompt: prompt) {
            case .endOfInput, .interrupted:
                return finishStepping(stepping, display: parsed.display)
            case .line(let line):
                reader.remember(line)
                let words: [String]
                do {
                    words = try CommandLexer.words(line)
                } catch {
                    console.error(error.description)
                    continue
                }
                guard let first = words.first else { continue }
                if first == "done" || first == "quit" || first == "exit" {
                    return finishStepping(stepping, display: parsed.display)
                }
                stepCommand(first.lowercased(), Array(words.dropFirst()), in: stepping)
            }
        }
    }

    private func finishStepping(_ stepping: SteppingSession, display: RunDisplay) -> Outcome {
        let run = stepping.session.finish()
        lastRun = run
        console.line()
        return show(run, display: display, changed: [])
    }

    private func stepCommand(_ verb: String, _ arguments: [String], in stepping: SteppingSession) {
        let session = stepping.session
        switch verb {
        case "step", "s":
            let count: Int
            if let word = arguments.first {
                guard let number = Int(word), number > 0, arguments.count == 1 else {
                    console.error("usage: step [n], with n a whole number from 1")
                    return
                }
                count = number
            } else {
                count = 1
            }
            var handled = 0
            while handled < count, !shouldStop(), session.step() { handled += 1 }
            printNewEvents(stepping)
            if handled < count { reportEnd(session) }
        case "until":
            guard arguments.count == 1, let time = SimDuration.parse(arguments[0]) else {
                console.error("usage: until <time>, like until 1.5s")
                return
            }
            guard time >= session.now else {
                console.error(
                    "the run is already at \(SimulationClock.seconds(session.now)); time only goes forward")
                return
            }
            session.run(until: time)
            printNewEvents(stepping)
            if session.isFinished { reportEnd(session) }
        case "continue", "c":
            session.run(until: .max)
            printNewEvents(stepping)
            reportEnd(session)
        case "state":
            printState(session, of: arguments)
        case "inflight":
            let messages = session.inFlight()
            if messages.isEmpty { console.line("nothing is on the wire.") }
            for message in messages {
                console.line(
                    "#\(message.id)  \(session.names[message.from.index]) → \(session.names[message.to.index])  "
                        + "\(message.label)  arrives at \(SimulationClock.seconds(message.arrivesAt))")
            }
        case "crash", "restart", "pause", "resume":
            guard arguments.count == 1, let process = processIndex(arguments[0], in: session) else {
                if arguments.count != 1 { console.error("usage: \(verb) <node>, like \(verb) n1") }
                return
            }
            switch (verb, session.status(of: process)) {
            case ("crash", .crashed), ("pause", .crashed), ("resume", .crashed):
                console.error("\(arguments[0]) is crashed already" + (verb == "crash" ? "" : "; restart it first"))
                return
            case ("restart", .up), ("restart", .paused):
                console.error("\(arguments[0]) is running; only a crashed process restarts")
                return
            case ("pause", .paused):
                console.error("\(arguments[0]) is paused already")
                return
            case ("resume", .up):
                console.error("\(arguments[0]) is not paused")
                return
            default:
                break
            }
            switch verb {
            case "crash": session.crash(process)
            case "restart": session.restart(process)
            case "pause": session.pause(process)
            default: session.resume(process)
            }
            printNewEvents(stepping)
        case "partition":
            guard !arguments.isEmpty else {
                console.error("usage: partition <groups>, like partition n1,n2|n3 or partition n1->n3")
                return
            }
            do throws(FaultSyntaxError) {
                let spec = try PartitionSpec.parse(arguments.joined())
                for name in spec.groups.joined() where !session.names.contains(name) {
                    console.error("there is no \(name) in this run (it has \(session.names.joined(separator: ", ")))")
                    return
                }
                session.partition(spec)
                printNewEvents(stepping)
            } catch {
                console.error("\(error.problem); write groups like n1,n2|n3, or n1->n3 for one way")
            }
        case "heal":
            if session.activePartition == nil {
                console.line("there is no partition to heal.")
            } else {
                session.heal()
                printNewEvents(stepping)
            }
        case "drop":
            guard arguments.count == 1, let id = Int(arguments[0].trimmingPrefix("#")) else {
                console.error("usage: drop <id>, with an id from `inflight`")
                return
            }
            if session.dropMessage(id) {
                console.line("message #\(id) will be lost.")
            } else {
                console.error("no message #\(id) is in flight; `inflight` lists them")
            }
        case "diagram":
            let run = session.finish()
            var window: ClosedRange<SimTime>?
            if let word = arguments.first {
                guard let parsed = parseWindow(word) else { return }
                window = parsed
            }
            drawDiagram(of: run, window: window, ascii: arguments.contains("--ascii"))
        case "help", "?":
            let width = Self.stepCommands.map(\.usage.count).max() ?? 0
            for entry in Self.stepCommands {
                console.line(
                    "  " + command(entry.usage.padding(toLength: width, withPad: " ", startingAt: 0)) + "  "
                        + entry.summary)
            }
        default:
            var message = "unknown stepping command '\(verb)'"
            let verbs =
                ["step", "until", "continue", "state", "inflight", "crash", "restart", "pause", "resume"]
                + ["partition", "heal", "drop", "diagram", "done", "help"]
            if let suggestion = closestMatch(to: verb, in: verbs) { message += " (did you mean '\(suggestion)'?)" }
            console.error(message + "; `help` lists them.")
        }
    }

    private func processIndex(_ name: String, in session: any SimulationSession) -> Int? {
        if let index = session.names.firstIndex(of: name.lowercased()) { return index }
        var message = "there is no \(name) in this run"
        if let suggestion = closestMatch(to: name, in: session.names) { message += " (did you mean '\(suggestion)'?)" }
        console.error(message + "; it has \(session.names.joined(separator: ", ")).")
        return nil
    }

    private func printState(_ session: any SimulationSession, of arguments: [String]) {
        let processes: [Int]
        if let name = arguments.first {
            guard let index = processIndex(name, in: session) else { return }
            processes = [index]
        } else {
            processes = Array(session.names.indices)
        }
        let style = console.style
        console.line(style.dim("at \(SimulationClock.seconds(session.now))"))
        for process in processes {
            let status: String =
                switch session.status(of: process) {
                case .up: ""
                case .crashed: style.error(" (crashed)")
                case .paused: style.warning(" (paused)")
                }
            console.line(style.bold(session.names[process]) + status)
            for line in session.state(of: process) {
                for part in wrap(line, width: console.width - 4) { console.line("    " + part) }
            }
        }
        if let partition = session.activePartition { console.line(style.warning("partition: \(partition)")) }
        let waiting = session.inFlight().count
        console.line(style.dim("\(waiting) message\(waiting == 1 ? "" : "s") in flight"))
    }

    /// Prints the trace events since the last call, capped so a long `until` stays readable.
    private func printNewEvents(_ stepping: SteppingSession) {
        let trace = stepping.session.trace
        guard stepping.shown < trace.count else { return }
        let fresh = trace[stepping.shown...]
        let cap = 40
        for event in fresh.prefix(cap) { console.line(TraceText.line(event, names: stepping.session.names)) }
        if fresh.count > cap {
            console.line(console.style.dim("… and \(fresh.count - cap) more events; `diagram` shows them all"))
        }
        stepping.shown = trace.count
    }

    private func reportEnd(_ session: any SimulationSession) {
        if session.isFinished {
            console.line(
                console.style.dim(
                    "the run is over at \(SimulationClock.seconds(session.now)): nothing is left to happen. `done` shows the results."
                ))
        }
    }
}
