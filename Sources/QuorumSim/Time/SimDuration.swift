import Foundation

/// Virtual time and durations, in whole microseconds.
///
/// Nothing in the simulator reads a real clock; every instant is one of these.
public typealias SimTime = Int64

public enum SimDuration {
    public static let microsecond: SimTime = 1
    public static let millisecond: SimTime = 1_000
    public static let second: SimTime = 1_000_000

    /// Parses `250ms`, `2s`, `1.5s`, `300us`, `1m`, or a bare number of milliseconds.
    ///
    /// Returns nil for anything else, including negative values; callers turn that into an
    /// error that names the parameter.
    public static func parse(_ text: String) -> SimTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, scale: Double)] = [
            ("us", 1), ("µs", 1), ("ms", 1_000), ("min", 60_000_000), ("s", 1_000_000),
            ("m", 60_000_000),
        ]
        var number = Substring(trimmed)
        var scale = 1_000.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.scale
            break
        }
        guard !number.isEmpty, let value = Double(number), value.isFinite, value >= 0 else {
            return nil
        }
        let micros = (value * scale).rounded()
        guard micros < 9.0e15 else { return nil }
        return SimTime(micros)
    }

    /// Formats a duration the way a person would write it: `0s`, `850us`, `12ms`, `1.25s`.
    public static func format(_ time: SimTime) -> String {
        if time == 0 { return "0s" }
        let magnitude = time.magnitude
        if magnitude < 1_000 { return "\(time)us" }
        if magnitude < 1_000_000 { return trimmed(Double(time) / 1_000) + "ms" }
        return trimmed(Double(time) / 1_000_000) + "s"
    }

    private static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
