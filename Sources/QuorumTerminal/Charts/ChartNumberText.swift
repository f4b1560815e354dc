/// Numbers on chart axes and bin labels, written with just enough decimals for their scale.
enum ChartNumberText {
    /// Decimal places that tell apart values `step` apart: none for steps of 10 or more, one more
    /// for each further power of ten below that, at most six.
    static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        var scaled = step
        var places = 0
        while scaled < 10, places < 6 {
            scaled *= 10
            places += 1
        }
        return places
    }

    /// `value` rounded to `places` decimals, trailing zeros dropped: `12`, `12.5`, `-0.25`.
    ///
    /// Computed on integers so every platform prints the same; magnitudes beyond 10^15 are written
    /// by Swift's own description.
    static func format(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var power = 1.0
        for _ in 0..<max(0, places) {
            power *= 10
        }
        let scaled = (value * power).rounded()
        guard abs(scaled) < 1e15 else { return "\(value)" }
        let integer = Int(scaled)
        let (whole, fraction) = integer.magnitude.quotientAndRemainder(dividingBy: UInt(power))
        let sign = integer < 0 ? "-" : ""
        guard fraction > 0 else { return sign + "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
        }
        return sign + "\(whole).\(digits)"
    }
}
