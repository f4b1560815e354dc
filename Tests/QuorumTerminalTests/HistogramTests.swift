import QuorumTerminal
import Testing

@Suite struct HistogramTests {
    /// The count at the end of each bin row.
    private func counts(_ lines: [String]) -> [Int] {
        lines.filter { $0.hasPrefix("[") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
    }

    @Test func countsSumToTheNumberOfFiniteValues() {
        var random = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let values = (0..<Int.random(in: 1...300, using: &random)).map { _ -> Double in
                switch Int.random(in: 0..<20, using: &random) {
                case 0: .nan
                case 1: .infinity
                case 2: -.infinity
                default: Double.random(in: -1e6...1e6, using: &random)
                }
            }
            let bins = Int.random(in: 1...20, using: &random)
            let lines = Histogram.render(values, bins: bins, width: 60, style: .plain, ascii: true)
            let finite = values.filter(\.isFinite).count
            #expect(counts(lines).reduce(0, +) == finite)
            // All finite values equal (or just one) make a single bin.
            let distinct = Set(values.filter(\.isFinite)).count
            #expect(counts(lines).count == (distinct == 0 ? 0 : distinct == 1 ? 1 : bins))
            let leftOut = values.count - finite
            if leftOut > 0, finite > 0 {
                #expect(lines.last == "\(leftOut) NaN or infinite left out")
            }
        }
    }

    @Test func binsAreHalfOpenButTheLastIsClosed() {
        let lines = Histogram.render([0, 1, 2, 3, 4], bins: 2, width: 40, style: .plain, ascii: true)
        // [0, 2) holds 0 and 1; [2, 4] holds 2, 3 and the maximum 4. The fuller bin spans the room.
        #expect(
            lines == [
                "[0, 2) " + String(repeating: "#", count: 21) + " 2",
                "[2, 4] " + String(repeating: "#", count: 31) + " 3",
            ])
    }

    @Test func barsAreScaledToTheFullestBinInEighthsOfAColumn() {
        let lines = Histogram.render([0, 0, 0, 0, 0, 0, 0, 0, 10], bins: 2, width: 26, style: .plain, ascii: false)
        // 16 columns of room: 8 values fill them, 1 value takes an eighth of 16 columns, 2 columns.
        #expect(lines == ["[0, 5)  " + String(repeating: "█", count: 16) + " 8", "[5, 10] ██ 1"])
    }

    @Test func noValuesIsOneLineAndNotACrash() {
        #expect(Histogram.render([], bins: 10, width: 40, style: .plain, ascii: false) == ["no values to chart"])
        #expect(
            Histogram.render([.nan, .infinity], bins: 10, width: 80, style: .plain, ascii: false) == [
                "no values to chart (2 NaN or infinite left out)"
            ])
        #expect(Histogram.render([1], bins: 0, width: 40, style: .plain, ascii: false).count == 1)
    }

    @Test func equalValuesMakeOneClosedBin() {
        let lines = Histogram.render([5, 5, 5], bins: 8, width: 20, style: .plain, ascii: true)
        #expect(lines == ["[5, 5] " + String(repeating: "#", count: 11) + " 3"])
    }

    @Test func decimalsFollowTheBinWidth() {
        let lines = Histogram.render([0, 0.25, 0.5, 1], bins: 4, width: 40, style: .plain, ascii: true)
        let labels = lines.map { line in
            line.prefix { $0 != ")" && $0 != "]" } + String(line.first { $0 == ")" || $0 == "]" } ?? " ")
        }
        #expect(labels == ["[0, 0.25)", "[0.25, 0.5)", "[0.5, 0.75)", "[0.75, 1]"])
    }

    @Test(arguments: [10, 20, 40, 80])
    func linesFitTheWidth(_ width: Int) {
        let values: [Double] = [-1e300, 1e300, 0.000_001, 12_345_678.9, .nan]
        for ascii in [false, true] {
            let lines = Histogram.render(
                values, bins: 7, width: width, style: TerminalStyle(colorEnabled: true), ascii: ascii)
            #expect(lines.allSatisfy { visibleWidth($0) <= width }, "\(lines)")
        }
    }

    @Test func rendersElectionTimesAsReviewed() {
        let lines = Histogram.render(ElectionTimes.values + [.nan], bins: 10, width: 60, style: .plain, ascii: false)
        expectSnapshot(lines.joined(separator: "\n"), named: "histogram-election-times-60-plain")
    }
}
