import Testing

@testable import QuorumTerminal

@Suite struct SpaceTimeDiagramTests {
    typealias Scene = ElectionScene

    struct Snapshot: Sendable, CustomTestStringConvertible {
        var name: String
        var width: Int
        var colorEnabled: Bool
        var ascii: Bool

        var testDescription: String { name }
    }

    static let snapshots: [Snapshot] = [
        Snapshot(name: "space-time-election-80-plain", width: 80, colorEnabled: false, ascii: false),
        Snapshot(name: "space-time-election-80-color", width: 80, colorEnabled: true, ascii: false),
        Snapshot(name: "space-time-election-50-plain", width: 50, colorEnabled: false, ascii: false),
        Snapshot(name: "space-time-election-50-color", width: 50, colorEnabled: true, ascii: false),
        Snapshot(name: "space-time-election-80-ascii", width: 80, colorEnabled: false, ascii: true),
    ]

    /// How the election looks: compared with reviewed files in `Snapshots/`.
    @Test(arguments: snapshots)
    func rendersTheElectionAsReviewed(_ snapshot: Snapshot) {
        let lines = SpaceTimeDiagram.render(
            Scene.scene, width: snapshot.width, style: TerminalStyle(colorEnabled: snapshot.colorEnabled),
            ascii: snapshot.ascii)
        expectSnapshot(lines.joined(separator: "\n"), named: snapshot.name)
    }

    static let colour = TerminalStyle(colorEnabled: true)

    /// Long names, many lanes, wide and non-ASCII text, escape codes and line breaks in labels.
    static let hostile = SpaceTimeScene(
        lanes: ["client-with-a-long-name", "n1", "数据节点", "n3", "n4", "n5", "n6", "n7"],
        start: 0, end: 2_000_000,
        messages: [
            SpaceTimeMessage(
                id: 1, from: 7, to: 0, sentAt: 10, fate: .delivered(at: 1_999_999),
                label: "a label → far too long for any terminal 数据 🚀", detail: ""),
            SpaceTimeMessage(
                id: 2, from: 0, to: 7, sentAt: 10, fate: .dropped(at: 20, reason: "\u{1B}[31mred\nline"),
                label: "x", detail: ""),
            SpaceTimeMessage(id: 3, from: 2, to: 2, sentAt: 30, fate: .delivered(at: 40), label: "self", detail: ""),
            SpaceTimeMessage(id: 4, from: 9, to: 1, sentAt: 30, fate: .inFlight, label: "bad lane", detail: ""),
        ],
        marks: [SpaceTimeMark(lane: 2, time: 50, kind: .note, text: "ünïcödé … ✓")],
        bands: [SpaceTimeBand(start: 0, end: nil, text: "partition 数据节点 | everything else, at length", lanes: [2])],
        omittedBefore: 3, omittedAfter: 1_000)

    @Test(arguments: 40...120)
    func everyLineFitsTheWidth(_ width: Int) {
        for scene in [Scene.scene, Self.hostile] {
            for style in [TerminalStyle.plain, Self.colour] {
                for ascii in [false, true] {
                    let lines = SpaceTimeDiagram.render(scene, width: width, style: style, ascii: ascii, maxRows: 10)
                    for line in lines {
                        #expect(visibleWidth(line) <= width, "\(width) columns: \(line)")
                    }
                }
            }
        }
    }

    @Test func asciiOutputIsSevenBitEvenForUnicodeLabels() {
        for scene in [Scene.scene, Self.hostile] {
            for width in [40, 80, 120] {
                let lines = SpaceTimeDiagram.render(scene, width: width, style: .plain, ascii: true)
                for line in lines {
                    #expect(line.unicodeScalars.allSatisfy { $0.value < 0x80 }, "\(line)")
                }
            }
        }
    }

    @Test func plainStyleWritesNoEscapesAndLabelsCannotSmuggleThemIn() {
        let text = SpaceTimeDiagram.render(Self.hostile, width: 100, style: .plain, ascii: false).joined()
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("red line"))
    }

    @Test func aDroppedMessageEndsHalfwayInACrossWithItsReason() throws {
        let lines = SpaceTimeDiagram.render(Scene.scene, width: 80, style: .plain, ascii: false)
        let row = try #require(lines.first { $0.contains("#4") })
        #expect(row.contains("✗ lost"))
        // n3 (column of its name) sends left towards n2; the cross sits halfway between them.
        let header = lines[0]
        let n2 = try #require(column(of: "n2", in: header))
        let n3 = try #require(column(of: "n3", in: header))
        #expect(column(of: "┤", in: row) == n3)
        #expect(column(of: "✗", in: row) == n2 + (n3 - n2) / 2)
    }

    @Test func aMessageFromLaneThreeToLaneOnePointsLeft() throws {
        let scene = SpaceTimeScene(
            lanes: ["c1", "n1", "n2", "n3"], start: 0, end: 10,
            messages: [
                SpaceTimeMessage(
                    id: 7, from: 3, to: 1, sentAt: 1, fate: .delivered(at: 2), label: "reply", detail: "")
            ], marks: [], bands: [])
        for ascii in [false, true] {
            let lines = SpaceTimeDiagram.render(scene, width: 80, style: .plain, ascii: ascii)
            let row = lines[1]
            let n1 = try #require(column(of: "n1", in: lines[0]))
            let n3 = try #require(column(of: "n3", in: lines[0]))
            // The head is right of the receiver's lane, the sender's end on the sender's lane.
            #expect(column(of: ascii ? "<" : "◀", in: row) == n1 + 1)
            #expect(column(of: ascii ? "+" : "┤", in: row) == n3)
            #expect(!row.contains(ascii ? ">" : "▶"))
            // The lane it passes over shows through.
            let n2 = try #require(column(of: "n2", in: lines[0]))
            #expect(column(of: ascii ? "|" : "┼", in: String(row.dropFirst(n1 + 1))).map { $0 + n1 + 1 } == n2)
            #expect(row.contains("reply #7 (sent 1us)"))
        }
    }

    @Test func rowsAreInTimeOrderWithBandStartsBeforeAndMarksAfterMessagesOfTheSameInstant() {
        let lines = SpaceTimeDiagram.render(Scene.scene, width: 80, style: .plain, ascii: false)
        func row(_ text: String) -> Int { lines.firstIndex { $0.contains(text) } ?? -1 }
        // n2 becomes leader at 152.1ms, the instant n1's vote (#3) arrives: vote first.
        #expect(row("granted t2 #3") < row("leader t2"))
        #expect(row("leader t2") < row("vote? t2 #2"))
        // The timeout and the candidacy share 150ms and keep the scene's order; the time is
        // written once.
        #expect(row("election timeout") + 1 == row("candidate t2"))
        #expect(lines[row("candidate t2")].hasPrefix("       "))
    }

    @Test func aCrashedLaneIsDottedUntilItRestarts() throws {
        let lines = SpaceTimeDiagram.render(Scene.scene, width: 80, style: .plain, ascii: false)
        let n1 = try #require(column(of: "n1", in: lines[0]))
        func glyph(_ row: String) -> Character? {
            let line = lines.first { $0.contains(row) } ?? ""
            return Array(line).count > n1 ? Array(line)[n1] : nil
        }
        #expect(glyph("n1 crashed") == "✖")
        #expect(glyph("n3 candidate t3") == "┊")
        #expect(glyph("n1 restarted") == "↻")
        #expect(glyph("append 1 #13") == "│")
    }

    @Test func aLaneThatRestartsInTheWindowWasDownBeforeIt() throws {
        let scene = SpaceTimeScene(
            lanes: ["n1", "n2"], start: 0, end: 100, messages: [],
            marks: [
                SpaceTimeMark(lane: 1, time: 10, kind: .note, text: "before"),
                SpaceTimeMark(lane: 0, time: 20, kind: .restart, text: "restarted"),
            ], bands: [])
        let lines = SpaceTimeDiagram.render(scene, width: 60, style: .plain, ascii: true)
        let n2 = try #require(column(of: "n2", in: lines[0]))
        #expect(lines[1].hasPrefix("10us  :" + String(repeating: " ", count: n2 - 7) + "*"))
    }

    @Test func bandsAreRowsWhereTheyStartAndHealAndColourTheLanesTheyCutOff() throws {
        let plain = SpaceTimeDiagram.render(Scene.scene, width: 80, style: .plain, ascii: false)
        #expect(plain.contains { $0.hasPrefix("  180ms  ╌╌ partition c1,n1,n2 | n3 ╌╌") && visibleWidth($0) == 80 })
        #expect(plain.contains { $0.hasPrefix("  300ms  ╌╌ healed ╌╌") })
        let coloured = SpaceTimeDiagram.render(Scene.scene, width: 80, style: Self.colour, ascii: false)
        let yellowLane = Self.colour.warning("│")
        let during = try #require(coloured.first { ANSIEscapes.strip($0).contains("n1 crashed") })
        let after = try #require(coloured.first { ANSIEscapes.strip($0).contains("n1 restarted") })
        #expect(during.contains(yellowLane))
        #expect(!after.contains(yellowLane))
    }

    @Test func aBandThatBeganBeforeTheWindowSaysSince() {
        var scene = Scene.scene
        scene.start = 200_000
        let lines = SpaceTimeDiagram.render(scene, width: 80, style: .plain, ascii: false)
        #expect(lines[1].hasPrefix("  200ms  ╌╌ partition c1,n1,n2 | n3 (since 180ms) ╌╌"))
    }

    @Test func aMessageThatArrivesAfterTheWindowIsDrawnInFlightWhereItWasSent() throws {
        var scene = Scene.scene
        scene.end = 152_000
        let lines = SpaceTimeDiagram.render(scene, width: 80, style: .plain, ascii: false)
        let row = try #require(lines.first { $0.contains("vote? t2 #2") })
        #expect(row.hasPrefix("  150ms"))
        #expect(row.contains("…│  vote? t2 #2 in flight"))
    }

    @Test func moreRowsThanMaxRowsEndInAFooterSuggestingTheNextWindow() {
        let lines = SpaceTimeDiagram.render(Scene.scene, width: 100, style: .plain, ascii: false, maxRows: 5)
        // 14 messages, 7 marks, a band's start and end: 23 rows, of which 5 are drawn. The next
        // five start with message #2 at 152.4ms and end with #7 at 161ms.
        #expect(lines.count == 1 + 5 + 1)
        #expect(lines.last == "… 18 more events; narrow the window with `diagram 152.4ms..161ms`")
        let all = SpaceTimeDiagram.render(Scene.scene, width: 100, style: .plain, ascii: false)
        #expect(all.count == 1 + 23)
        #expect(!all.joined().contains("more events"))
    }

    @Test func eventsOutsideTheWindowAreCountedInAFooter() {
        var scene = Scene.scene
        scene.start = 160_000
        scene.end = 330_000
        scene.omittedBefore = 2
        let lines = SpaceTimeDiagram.render(scene, width: 100, style: .plain, ascii: true)
        // Before 160ms: 6 messages and 3 marks in the scene, plus the 2 already cut off. After
        // 330ms: #14, sent at 395ms. (#13, sent at 330ms, is drawn in flight.)
        #expect(lines.last == "... 12 events outside the window: 11 before 160ms, 1 after 330ms")
        #expect(lines.contains { $0.contains("append 1 #13 in flight") })
    }

    @Test func narrowTerminalsCutTheNotesButKeepEveryLane() throws {
        let lines = SpaceTimeDiagram.render(Self.hostile, width: 40, style: .plain, ascii: false)
        let header = lines[0]
        for lane in ["c…", "n1", "n3", "n7"] {
            #expect(header.contains(lane), "\(header)")
        }
        let row = try #require(lines.first { $0.contains("self") })
        #expect(row.filter { $0 == "│" || $0 == "○" }.count == 8)
    }

    /// The column at which `text` starts in `line` (each character one column).
    private func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return line.distance(from: line.startIndex, to: range.lowerBound)
    }
}
