/// A one-line chart of a series, one bar character per value.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The series scaled between its smallest value (`▁`) and its largest (`█`).
    ///
    /// An empty series is an empty string; a flat one is all `▁`. NaN is a gap (a space), and
    /// infinities sit at the ends without squashing the finite values.
    public static func render(_ values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0
        let high = finite.max() ?? 0
        // Halving first keeps `high - low` finite for series spanning the whole Double range.
        let span = high / 2 - low / 2
        var result = ""
        for value in values {
            if value.isNaN {
                result.append(" ")
            } else if value == .infinity {
                result.append(bars[bars.count - 1])
            } else if value == -.infinity || span <= 0 {
                result.append(bars[0])
            } else {
                let fraction = (value / 2 - low / 2) / span
                let index = Int((fraction * Double(bars.count - 1)).rounded())
                result.append(bars[min(max(index, 0), bars.count - 1)])
            }
        }
        return result
    }
}
