import QuorumTerminal
import Testing

@Suite struct CDFChartTests {
    @Test func theCurveClimbsFromTheMinimumToOneAtTheMaximum() {
        // Four values, four rows: each value adds a row at its column and to its right. The median,
        // 1.5, is halfway between the columns of 1 and 2 and rounds to the latter; its label does
        // not fit between 0 and 3.
        let lines = CDFChart.render([0, 1, 2, 3], width: 8, height: 4, style: .plain, ascii: true)
        #expect(
            lines == [
                "1.0+   #",
                "   |  ##",
                "0.5+ ###",
                "   |####",
                "  0+--+-",
                "    0  3",
            ])
    }

    @Test func unicodeColumnsRiseInEighthsOfARow() {
        // Half the values at 0, so the first column is half full: 4 of 8 rows, 32 eighths.
        let lines = CDFChart.render([0, 0, 10, 10], width: 6, height: 8, style: .plain, ascii: false)
        #expect(lines[0] == "1.0┤ █")
        #expect(lines[4] == "0.5┤██")
        #expect(lines[3] == "   │ █")
    }

    @Test func theMedianIsWrittenUnderItsTickWhenThereIsRoom() {
        // 0...100: the median, 50, is halfway along the 40 columns of plot; 19.5 rounds to 20.
        let values = Array(stride(from: 0.0, through: 100, by: 1))
        let lines = CDFChart.render(values, width: 44, height: 4, style: .plain, ascii: true)
        let axis = lines[4]
        let labels = lines[5]
        let tick = axis.lastIndex(of: "+").map { axis.distance(from: axis.startIndex, to: $0) }
        #expect(tick == 4 + 20)
        #expect(
            labels == "    0" + String(repeating: " ", count: 18) + "50" + String(repeating: " ", count: 16) + "100")
    }

    @Test func noValuesIsOneLine() {
        #expect(CDFChart.render([], width: 40, height: 5, style: .plain, ascii: false) == ["no values to chart"])
        #expect(
            CDFChart.render([.nan], width: 60, height: 5, style: .plain, ascii: false) == [
                "no values to chart (1 NaN or infinite left out)"
            ])
    }

    @Test(arguments: [5, 12, 40, 100])
    func linesFitTheWidth(_ width: Int) {
        for ascii in [false, true] {
            let lines = CDFChart.render(
                [1e300, -1e300, 3, .infinity], width: width, height: 3, style: TerminalStyle(colorEnabled: true),
                ascii: ascii)
            #expect(lines.allSatisfy { visibleWidth($0) <= width }, "\(lines)")
        }
    }

    @Test func rendersElectionTimesAsReviewed() {
        let lines = CDFChart.render(ElectionTimes.values, width: 60, height: 8, style: .plain, ascii: false)
        expectSnapshot(lines.joined(separator: "\n"), named: "cdf-election-times-60-plain")
    }
}
