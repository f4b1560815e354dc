import Foundation

/// Dates as the store writes them: whole milliseconds since 1970, shown as ISO-8601 UTC text.
///
/// One format serves the database columns and the exported JSON: `2025-03-01T09:30:00.250Z`.
/// It is fixed-width (years 0000-9999), so text order is time order, and it is converted with
/// integer arithmetic rather than a formatter, so a date with whole milliseconds comes back
/// bit for bit equal. Finer precision is rounded to the nearest millisecond.
enum Timestamp {
    /// 0000-01-01T00:00:00.000Z
    static let earliestMilliseconds: Int64 = -62_167_219_200_000
    /// 9999-12-31T23:59:59.999Z
    static let latestMilliseconds: Int64 = 253_402_300_799_999

    /// Milliseconds since 1970, rounded, clamped to the years 0000-9999.
    static func milliseconds(_ date: Date) -> Int64 {
        let scaled = (date.timeIntervalSince1970 * 1000).rounded()
        guard scaled.isFinite else { return scaled < 0 ? earliestMilliseconds : latestMilliseconds }
        if scaled <= Double(earliestMilliseconds) { return earliestMilliseconds }
        if scaled >= Double(latestMilliseconds) { return latestMilliseconds }
        return Int64(scaled)
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The date rounded to whole milliseconds: what reading it back from the store gives.
    static func normalized(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`
    static func string(_ date: Date) -> String {
        let total = milliseconds(date)
        let (days, msOfDay) = floorDivide(total, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millisecond = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))."
            + "\(pad(millisecond, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; fractions finer than a millisecond are rounded.
    /// Returns nil for anything else, including out-of-range fields.
    static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let char = chars[index]
                guard char >= UInt8(ascii: "0"), char <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(char - UInt8(ascii: "0"))
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
        for (index, separator) in separators where chars[index] != separator.asciiValue {
            return nil
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }

        var fractionMilliseconds: Int64 = 0
        if chars.count > 20 {
            let digits = 20..<(chars.count - 1)
            guard chars[19] == UInt8(ascii: "."), (1...9).contains(digits.count), let fraction = number(digits) else {
                return nil
            }
            var scale: Int64 = 1
            for _ in digits { scale *= 10 }
            fractionMilliseconds = (fraction * 1000 * 2 + scale) / (scale * 2)  // rounded half up
        } else if chars.count != 20 {
            return nil
        }
        let days = days(fromCivilYear: year, month: month, day: day)
        let total = days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + fractionMilliseconds
        return date(milliseconds: min(total, latestMilliseconds))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func isLeap(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).

    private static func days(fromCivilYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
