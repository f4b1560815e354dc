import QuorumTerminal
import Testing

@Suite struct RoleTimelineTests {
    typealias Roles = ElectionRoles

    @Test func eachColumnShowsTheRoleInForceAtItsTime() {
        // 40 columns of bar for 0..400ms: column c starts at c * 10ms.
        let lines = RoleTimeline.render(
            lanes: Roles.lanes, segments: Roles.segments, start: 0, end: 400_000, width: 43, style: .plain,
            ascii: true, roleOrder: Roles.order)
        #expect(lines[0] == "n1 " + String(repeating: "-", count: 22) + String(repeating: ".", count: 10) + "--------")
        // n2 is candidate for 2.1ms from 150ms, just when column 15 starts; by column 16 it leads.
        #expect(lines[1] == "n2 " + String(repeating: "-", count: 15) + "+" + String(repeating: "#", count: 24))
        #expect(lines[2] == "n3 " + String(repeating: "-", count: 26) + String(repeating: "+", count: 14))
        #expect(lines[3] == "   0s" + String(repeating: " ", count: 33) + "400ms")
        #expect(lines[4] == "[#] leader  [+] candidate  [-] follower")
        #expect(lines[5] == "[.] down")
        #expect(lines.count == 6)
    }

    @Test func withoutAnOrderGlyphsGoByFirstAppearance() {
        let lines = RoleTimeline.render(
            lanes: Roles.lanes, segments: Roles.segments, start: 0, end: 400_000, width: 80, style: .plain,
            ascii: false)
        // Everyone starts as follower; n2's candidacy (150ms) comes before its leadership, then n1
        // goes down.
        #expect(lines.last == "[█] follower  [▒] candidate  [─] leader  [ ] down")
    }

    @Test func onlyDownIsDrawnBlank() {
        // Five roles, down second: by order alone the fourth, "prepared", would get the blank
        // glyph and look like a node that is not running.
        let segments = [
            [RoleSegment(start: 0, role: "coordinator"), RoleSegment(start: 40, role: "down")],
            [
                RoleSegment(start: 0, role: "participant"), RoleSegment(start: 20, role: "prepared"),
                RoleSegment(start: 60, role: "in-doubt"),
            ],
        ]
        let lines = RoleTimeline.render(
            lanes: ["n1", "n2"], segments: segments, start: 0, end: 100, width: 13, style: .plain, ascii: true,
            roleOrder: ["coordinator", "down"])
        #expect(lines[0] == "n1 ####......")
        #expect(lines[1] == "n2 ++----====")
        #expect(lines.last == "[=] in-doubt")
    }

    @Test func segmentsMayComeUnsortedAndALaneWithoutThemIsUnknown() {
        let lines = RoleTimeline.render(
            lanes: ["a", "b"], segments: [[RoleSegment(start: 50, role: "y"), RoleSegment(start: 0, role: "x")]],
            start: 0, end: 100, width: 16, style: .plain, ascii: true)
        #expect(lines[0] == "a #######+++++++")
        #expect(lines[1] == "b ??????????????")
        #expect(lines.last == "[?] no role yet")
    }

    @Test(arguments: [20, 33, 60, 120])
    func linesFitTheWidth(_ width: Int) {
        let lanes = ["a-very-long-lane-name", "n2", "数据"]
        let segments = (0..<12).map { [RoleSegment(start: Int64($0) * 10, role: "role number \($0) 数据")] }
        for ascii in [false, true] {
            let lines = RoleTimeline.render(
                lanes: lanes, segments: [segments.flatMap { $0 }, Roles.segments[1], []], start: 0, end: 200,
                width: width, style: TerminalStyle(colorEnabled: true), ascii: ascii)
            for line in lines {
                #expect(visibleWidth(line) <= width, "\(line)")
                if ascii {
                    #expect(line.unicodeScalars.allSatisfy { $0.value < 0x80 }, "\(line)")
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func rendersTheElectionAsReviewed(colorEnabled: Bool) {
        let lines = RoleTimeline.render(
            lanes: Roles.lanes, segments: Roles.segments, start: 0, end: 400_000, width: 60,
            style: TerminalStyle(colorEnabled: colorEnabled), ascii: false, roleOrder: Roles.order)
        expectSnapshot(
            lines.joined(separator: "\n"), named: "role-timeline-election-60-\(colorEnabled ? "color" : "plain")")
    }
}
