import QuorumTerminal
import Testing

@Suite struct ColumnChartTests {
    /// Gunther's X(N) for σ = 0.05, κ = 0.002, λ = 1000, N = 1...64: it peaks at 22.
    let throughput = (1...64).map { nodes -> Double in
        let n = Double(nodes)
        return 1_000 * n / (1 + 0.05 * (n - 1) + 0.002 * n * (n - 1))
    }

    @Test func eachValueGetsTheSameColumnsAndTheMarkedOneATick() {
        // 20 columns: "4" and the axis take 2, " n" takes 2, leaving 16: three columns for each
        // of the four values. Two rows: 4 fills both, 2 fills one, and 1 rounds half a row up.
        let lines = ColumnChart.render(
            [1, 2, 4, 2], xLabels: ["1", "2", "3", "4"], marked: 2, xName: "n", width: 20, height: 2,
            style: .plain, ascii: true)
        #expect(
            lines == [
                "4+      ###",
                " |############",
                "0+-------+----",
                "  1      3   4 n",
            ])
    }

    @Test func tooManyValuesShareColumnsAndAPeakIsNeverLost() {
        // 1,000 values in 30 columns: one spike, at 500, must still reach the top row.
        var values = Array(repeating: 1.0, count: 1_000)
        values[500] = 100
        let lines = ColumnChart.render(
            values, xLabels: (1...1_000).map(String.init), marked: 500, xName: "x", width: 36, height: 4,
            style: .plain, ascii: true)
        #expect(lines[0].filter { $0 == "#" }.count == 1)
        #expect(lines[4].filter { $0 == "+" }.count == 2)
    }

    @Test func nothingToChartIsOneLine() {
        let empty = ColumnChart.render(
            [], xLabels: [], marked: nil, xName: "x", width: 40, height: 4, style: .plain, ascii: false)
        #expect(empty == ["nothing above zero to chart"])
        let zeros = ColumnChart.render(
            [0, 0], xLabels: ["1", "2"], marked: nil, xName: "x", width: 40, height: 4, style: .plain, ascii: false)
        #expect(zeros == ["nothing above zero to chart"])
    }

    @Test(arguments: [10, 24, 60, 100])
    func linesFitTheWidth(_ width: Int) {
        for ascii in [false, true] {
            let lines = ColumnChart.render(
                throughput, xLabels: (1...64).map(String.init), marked: 21, xName: "nodes", width: width, height: 6,
                style: TerminalStyle(colorEnabled: true), ascii: ascii)
            #expect(lines.allSatisfy { visibleWidth($0) <= width }, "\(lines)")
        }
    }

    @Test func rendersTheUSLCurveAsReviewed() {
        let lines = ColumnChart.render(
            throughput, xLabels: (1...64).map(String.init), marked: 21, xName: "nodes", width: 80, height: 8,
            style: .plain, ascii: false)
        expectSnapshot(lines.joined(separator: "\n"), named: "columns-usl-80-plain")
    }
}
