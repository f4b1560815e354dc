import Foundation
import QuorumCheck

#if canImport(Glibc)
    import Glibc
#endif

extension LabRunner {
    // MARK: - What nodes print

    func readOutput(of node: Int) {
        switch nodes[node].readStdout() {
        case .lines(let lines):
            for line in lines {
                handleLine(line.bytes, number: line.number, node: node)
                if fatal != nil { return }
            }
        case .closed:
            break  // checkExits says what it means
        case .tooLong(let number):
            fail(
                "\(names[node]) printed more than 4 MiB on stdout line \(number) without ending the line; "
                    + "each message must be one line of JSON.")
        }
    }

    /// Checks one line a node printed and puts its message on the network.
    func handleLine(_ bytes: ArraySlice<UInt8>, number: Int, node: Int) {
        let name = names[node]
        let shown = excerpt(bytes)
        let envelope: Envelope
        switch Envelope.parse(bytes) {
        case .failure(let error):
            fail(
                "\(name) printed a line that \(error.problem), on stdout line \(number): \(shown)\n"
                    + "stdout carries protocol messages only, one JSON object per line; write logs to stderr.")
            return
        case .success(let parsed):
            envelope = parsed
        }
        guard envelope.src == name else {
            fail(
                "\(name), stdout line \(number): the message's src is \"\(envelope.src)\", but this node is \(name) "
                    + "(the node_id init gave it): \(shown)")
            return
        }
        if !answeredInit[node] {
            guard envelope.type == "init_ok", envelope.inReplyTo == initMsgIDs[node] else {
                let what = envelope.type == "init_ok" ? "an init_ok with the wrong in_reply_to" : "'\(envelope.type)'"
                fail(
                    "\(name), stdout line \(number): sent \(what) before answering init; a node's first message "
                        + "must be init_ok with in_reply_to \(initMsgIDs[node]) (init's msg_id): \(shown)")
                return
            }
            answeredInit[node] = true
        }
        guard let to = destination(envelope.dest) else {
            fail(
                "\(name), stdout line \(number): sent '\(envelope.type)' to \"\(envelope.dest)\", which is not part "
                    + "of this run (\(addressBook)): \(shown)")
            return
        }
        transmit(envelope, from: node, to: to, at: now())
    }

    private func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(160), as: UTF8.self)
        return bytes.count > 160 ? text + "…" : text
    }

    func readErrors(of node: Int) {
        guard let bytes = nodes[node].readStderr(), !bytes.isEmpty else { return }
        if node < stderrFiles.count, let file = stderrFiles[node] {
            do {
                try file.write(contentsOf: bytes)
            } catch {
                // A full disk must not stop the run; the result says the log is incomplete.
                logProblem =
                    logProblem ?? "could not write \(names[node]).log (\(error.localizedDescription)); it is incomplete"
                stderrFiles[node] = nil
            }
        }
        stderrTails[node].append(contentsOf: bytes)
        if stderrTails[node].count > 4096 { stderrTails[node].removeFirst(stderrTails[node].count - 4096) }
        if let logSink {
            stderrPartial[node].append(contentsOf: bytes)
            while let newline = stderrPartial[node].firstIndex(of: UInt8(ascii: "\n")) {
                logSink("\(names[node]): " + String(decoding: stderrPartial[node][..<newline], as: UTF8.self))
                stderrPartial[node].removeFirst(newline + 1)
            }
        }
    }

    /// The last lines a node wrote to stderr, indented, for a diagnostic.
    func lastWords(_ node: Int, subject: String = "Its", lines: Int = 8) -> String {
        let text = String(decoding: stderrTails[node], as: UTF8.self)
        let tail = text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines)
        guard !tail.isEmpty else { return " \(subject) stderr is empty." }
        return " \(subject) stderr ends with:\n" + tail.map { "    " + $0 }.joined(separator: "\n")
    }

    // MARK: - Nodes that stop

    /// A node that exits or closes its stdout while the run goes on ends the run.
    func checkExits() {
        for node in nodes.indices {
            let process = nodes[node]
            if process.reapIfExited() {
                drainOutput(of: node)
                if fatal != nil { return }
                let status = process.exit.map(\.description) ?? "exited"
                fail(
                    "\(names[node]) \(status) at \(formatMicroseconds(now())), while the run was going on.\(lastWords(node))"
                )
                return
            }
            if !process.stdoutIsOpen {
                // Usually the node is exiting; give it a moment to say how.
                let deadline = now() + 200_000
                while now() < deadline, !process.reapIfExited() { usleep(2_000) }
                drainOutput(of: node)
                if let exit = process.exit {
                    fail(
                        "\(names[node]) \(exit) at \(formatMicroseconds(now())), while the run was going on.\(lastWords(node))"
                    )
                } else {
                    fail("\(names[node]) closed its stdout at \(formatMicroseconds(now())) but kept running.")
                }
                return
            }
        }
    }

    /// Reads what a node printed before it stopped.
    private func drainOutput(of node: Int) {
        readErrors(of: node)
        if nodes[node].stdoutIsOpen, fatal == nil { readOutput(of: node) }
    }

    /// Ends every node: closes their input, gives them `exitGrace` to exit, then SIGTERM, then
    /// SIGKILL, to each node's whole process group. Every node is reaped.
    func shutDown() {
        for node in nodes.indices { nodes[node].closeInput() }
        func waitForAll(until deadline: Int64) {
            while now() < deadline {
                var running = false
                for node in nodes.indices {
                    readErrors(of: node)
                    if !nodes[node].reapIfExited() { running = true }
                }
                if !running { return }
                usleep(3_000)
            }
        }
        waitForAll(until: now() + seconds(options.exitGrace))
        if nodes.contains(where: { $0.exit == nil }) {
            for node in nodes { node.signalGroup(SIGTERM) }
            waitForAll(until: now() + 300_000)
        }
        for node in nodes.indices {
            nodes[node].kill()
            readErrors(of: node)
            nodes[node].closeOutputs()
        }
        // SIGKILL takes a moment to land on what a node started; give its group that moment,
        // so nothing of the run is still running when the results are shown.
        let deadline = now() + 200_000
        while now() < deadline, nodes.contains(where: { killpg($0.pid, 0) == 0 }) { usleep(2_000) }
    }

    // MARK: - Logs

    func openLogs() {
        guard let runDirectory else { return }
        stderrFiles = (0..<nodeCount).map { node in
            let path = runDirectory + "/" + names[node] + ".log"
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }
    }

    func closeLogs() {
        for file in stderrFiles { try? file?.close() }
        if let logSink {
            for node in 0..<min(nodeCount, stderrPartial.count) where !stderrPartial[node].isEmpty {
                logSink("\(names[node]): " + String(decoding: stderrPartial[node], as: UTF8.self))
            }
        }
    }
}
