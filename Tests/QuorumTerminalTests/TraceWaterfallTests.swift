import QuorumTerminal
import Testing

@Suite struct TraceWaterfallTests {
    typealias Row = TraceWaterfall.Row

    @Test func barsCoverEveryColumnTheirSpansTouch() {
        // 20 columns: label "a" and a space, 12 of bar, two spaces, "10ms". Each column of bar is
        // 10ms / 12 = 0.83ms; b's 5ms..6ms touches columns 6 (5.0..5.83) and 7 (5.83..6.67).
        let rows = [
            Row(depth: 0, label: "a", start: 0, end: 10_000, highlighted: true),
            Row(depth: 0, label: "b", start: 5_000, end: 6_000, highlighted: false),
        ]
        let lines = TraceWaterfall.render(
            rows, width: 20, style: .plain, ascii: true, highlightMeaning: "critical path")
        #expect(
            lines == [
                // The middle time, 5ms, has no room between 0s and 10ms.
                "  0s      10ms",
                "a ############  10ms",
                "b       ==       1ms",
                // The legend does not fit on one line of 20.
                "[#] critical path",
                "[=] other spans",
            ])
    }

    @Test func aSpanTooShortForAColumnStillShowsAsOne() {
        let rows = [
            Row(depth: 0, label: "root", start: 0, end: 1_000_000, highlighted: true),
            Row(depth: 1, label: "blip", start: 500_000, end: 500_001, highlighted: false),
        ]
        let lines = TraceWaterfall.render(rows, width: 40, style: .plain, ascii: false)
        #expect(lines[2].filter { $0 == "░" }.count == 1)
        #expect(lines[2].hasPrefix("  blip"))
        #expect(lines[2].hasSuffix("1us"))
    }

    @Test func noRowsIsOneLineAndNotACrash() {
        #expect(TraceWaterfall.render([], width: 40, style: .plain, ascii: false) == ["no spans to draw"])
        let flat = TraceWaterfall.render(
            [Row(depth: 0, label: "x", start: 5, end: 5, highlighted: false)], width: 30, style: .plain, ascii: true)
        #expect(flat.count == 3 && flat[1].contains("="))
    }

    @Test func theLegendNamesOnlyTheKindsOfBarShown() {
        let rows = CheckoutTrace.rows.map { row in
            Row(depth: row.depth, label: row.label, start: row.start, end: row.end, highlighted: false)
        }
        let lines = TraceWaterfall.render(rows, width: 80, style: .plain, ascii: false)
        #expect(lines.last == "[░] other spans")
    }

    @Test(arguments: [12, 20, 40, 80, 120])
    func linesFitTheWidth(_ width: Int) {
        for ascii in [false, true] {
            let lines = TraceWaterfall.render(
                CheckoutTrace.rows, width: width, style: TerminalStyle(colorEnabled: true), ascii: ascii,
                highlightMeaning: "critical path")
            #expect(lines.allSatisfy { visibleWidth($0) <= width }, "\(lines)")
        }
    }

    @Test func rendersTheCheckoutTraceAsReviewed() {
        let plain = TraceWaterfall.render(
            CheckoutTrace.rows, width: 80, style: .plain, ascii: false, highlightMeaning: "critical path")
        expectSnapshot(plain.joined(separator: "\n"), named: "waterfall-checkout-80-plain")
        let color = TraceWaterfall.render(
            CheckoutTrace.rows, width: 80, style: TerminalStyle(colorEnabled: true), ascii: false,
            highlightMeaning: "critical path")
        expectSnapshot(color.joined(separator: "\n"), named: "waterfall-checkout-80-color")
        let ascii = TraceWaterfall.render(
            CheckoutTrace.rows, width: 60, style: .plain, ascii: true, highlightMeaning: "critical path")
        expectSnapshot(ascii.joined(separator: "\n"), named: "waterfall-checkout-60-ascii")
    }

    @Test func rendersTheCheckoutTraceAsSVGAsReviewed() {
        let svg = TraceWaterfallSVG.render(
            CheckoutTrace.rows, title: "trace 4bf92f35 · 8 spans · critical path 202ms",
            highlightMeaning: "critical path")
        #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 1 + CheckoutTrace.rows.count)
        expectSnapshot(svg, named: "waterfall-checkout-svg")
    }
}
