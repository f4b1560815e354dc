/// Text and numbers written into SVG documents.
public enum SVGText {
    /// Text safe inside XML elements and attribute values; characters XML 1.0 forbids are dropped.
    public static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                if allowed { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// `number` to one decimal place, without `.0`: `12`, `12.5`, `-0.5`.
    ///
    /// Computed on integers, so output is the same on every platform; values too large for that
    /// (never a coordinate) are clamped.
    static func number(_ number: Double) -> String {
        guard number.isFinite else { return "0" }
        let tenths = Int((min(max(number, -1e15), 1e15) * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let (whole, fraction) = tenths.magnitude.quotientAndRemainder(dividingBy: 10)
        return fraction == 0 ? sign + "\(whole)" : sign + "\(whole).\(fraction)"
    }
}
