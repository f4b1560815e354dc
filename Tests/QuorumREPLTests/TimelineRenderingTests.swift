import QuorumCheck
import QuorumTerminal
import Testing

@testable import QuorumREPL

@Suite struct TimelineRenderingTests {
    /// The split brain of the linearizability tests: both writes done by 10, then reads of 1
    /// and of 2. The search orders write 2, write 1, read 1 and is stuck on the read of 2.
    let history = History([
        Operation(process: 0, function: .write, value: 1, invoke: 0, complete: 10, line: 1),
        Operation(process: 1, function: .write, value: 2, invoke: 0, complete: 10, line: 2),
        Operation(process: 2, function: .read, value: 1, invoke: 20, complete: 25, line: 3),
        Operation(process: 3, function: .read, value: 2, invoke: 30, complete: 35, line: 4),
        Operation(process: 4, function: .write, value: 3, outcome: .info, invoke: 5, complete: nil, line: 5),
    ])

    private var violation: LinearizabilityViolation? {
        LinearizabilityChecker.check(history, model: CASRegisterModel()).violation
    }

    @Test func aViolationsTimelineHasARowPerProcessAndMarksTheStuckOperation() throws {
        let scene = TimelineScene.violation(try #require(violation), in: history)
        #expect(scene.rows.map(\.process) == [0, 1, 2, 3, 4])
        let rendered = TimelineText.render(scene, style: .plain, width: 80)
        expectSnapshot(rendered, named: "split-brain-80-plain")
        for line in rendered.split(separator: "\n") { #expect(visibleWidth(String(line)) <= 80) }
    }

    @Test func colourMakesTheStuckOperationRed() throws {
        let scene = TimelineScene.violation(try #require(violation), in: history)
        let rendered = TimelineText.render(scene, style: TerminalStyle(colorEnabled: true), width: 80)
        let stuckRow = try #require(rendered.split(separator: "\n").first { $0.hasPrefix("p3") })
        #expect(stuckRow.contains("\u{1B}[31m"))
    }

    @Test func aNarrowTerminalCutsLabelsButKeepsEveryBar() throws {
        let scene = TimelineScene.violation(try #require(violation), in: history)
        let rendered = TimelineText.render(scene, style: .plain, width: 40)
        let rows = rendered.split(separator: "\n").dropFirst()
        #expect(rows.count == 5)
        #expect(rows.allSatisfy { $0.contains("├") || $0.contains("╞") })
    }

    @Test func svgEscapesValuesAndDrawsEveryOperation() {
        let odd = History([
            Operation(process: 0, function: .write, value: "<b>&\"", invoke: 0, complete: 10),
            Operation(process: 1, function: .read, value: "<b>&\"", invoke: 20, complete: 30),
        ])
        let svg = TimelineSVG.render(TimelineScene.whole(odd, title: "t < u"))
        #expect(svg.contains("&lt;b&gt;&amp;"))
        #expect(!svg.contains("<b>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 3)  // the background and two bars
        #expect(svg.contains("<title>t &lt; u</title>"))
    }
}
