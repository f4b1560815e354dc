/// Virtual time written for people: `0s`, `850us`, `12.5ms`, `1.204s`.
public enum TimeText {
    /// `microseconds` in the largest unit that keeps it readable, without trailing zeros.
    ///
    /// Below a millisecond in whole microseconds; below a second in milliseconds to two decimal
    /// places; from a second on in seconds to three decimals (whole milliseconds). Rounding is
    /// half away from zero, so the same time always reads the same, and a value that rounds up to
    /// the next unit is written in it (`999_999` is `1s`, not `1000ms`). Zero is `0s`.
    public static func format(microseconds: Int64) -> String {
        guard microseconds != 0 else { return "0s" }
        let sign = microseconds < 0 ? "-" : ""
        // The magnitude as UInt64, so that Int64.min has one too.
        let magnitude = microseconds.magnitude
        if magnitude < 1_000 {
            return sign + "\(magnitude)us"
        }
        let hundredthsOfMilliseconds = rounded(magnitude, dividedBy: 10)
        if hundredthsOfMilliseconds < 100_000 {
            return sign + decimal(hundredthsOfMilliseconds, places: 2) + "ms"
        }
        return sign + decimal(rounded(magnitude, dividedBy: 1_000), places: 3) + "s"
    }

    /// `value / divisor`, rounded half up.
    private static func rounded(_ value: UInt64, dividedBy divisor: UInt64) -> UInt64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder * 2 >= divisor ? quotient + 1 : quotient
    }

    /// `scaled` divided by 10^places, written without trailing zeros (`1250, 2` is `12.5`).
    private static func decimal(_ scaled: UInt64, places: Int) -> String {
        var power: UInt64 = 1
        for _ in 0..<places {
            power *= 10
        }
        let (whole, fraction) = scaled.quotientAndRemainder(dividingBy: power)
        guard fraction > 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
        }
        return "\(whole).\(digits)"
    }
}
