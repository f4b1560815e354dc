import Foundation

/// Intervals as Anki shows them on its answer buttons: `10m`, `5h`, `4d`, `1.3y`.
public enum IntervalText {
    /// Minutes under an hour, hours under a day, days under a year, then years to one decimal.
    public static func short(_ seconds: TimeInterval) -> String {
        let minutes = max(0, seconds) / 60
        if minutes < 59.5 { return "\(Int(max(1, minutes.rounded())))m" }
        let hours = minutes / 60
        if hours < 23.5 { return "\(Int(hours.rounded()))h" }
        let days = hours / 24
        if days < 365 { return "\(Int(days.rounded()))d" }
        let years = (days / 365 * 10).rounded() / 10
        let whole = years.rounded(.down)
        return years == whole ? "\(Int(whole))y" : "\(Int(whole)).\(Int(((years - whole) * 10).rounded()))y"
    }

    /// The preview line after an answer: `again 10m · hard 2d · good 4d · easy 9d`.
    public static func preview(_ intervals: [(rating: Rating, interval: TimeInterval)]) -> String {
        intervals.map { "\($0.rating) \(short($0.interval))" }.joined(separator: " · ")
    }
}
