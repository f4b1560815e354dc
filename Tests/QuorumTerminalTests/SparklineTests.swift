import QuorumTerminal
import Testing

@Suite struct SparklineTests {
    @Test func noValuesDrawNothing() {
        #expect(Sparkline.render([]) == "")
    }

    @Test func theSmallestValueIsTheLowestBarAndTheLargestTheHighest() {
        #expect(Sparkline.render([3, 10, 3]) == "▁█▁")
        #expect(Sparkline.render([0, 1, 2, 3, 4, 5, 6, 7]) == "▁▂▃▄▅▆▇█")
    }

    @Test func aFlatSeriesSitsOnTheLowestBar() {
        #expect(Sparkline.render([5, 5, 5]) == "▁▁▁")
        #expect(Sparkline.render([42]) == "▁")
    }

    @Test func theWholeRangeOfDoublesStillScales() {
        let extremes = [-Double.greatestFiniteMagnitude, 0, .greatestFiniteMagnitude]
        #expect(Sparkline.render(extremes) == "▁▅█")
    }

    @Test func nanIsAGapAndInfinitiesSitAtTheEnds() {
        #expect(Sparkline.render([1, .nan, 2, .infinity, -.infinity]) == "▁ ██▁")
    }
}
