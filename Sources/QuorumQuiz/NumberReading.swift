import Foundation

/// Reads a number the way a learner types one.
///
/// Accepted: decimals (`0.667`, `-0.5`, `.5`, `+2`), exponents (`1e3`, `2.5E-2`), thousands
/// separators in groups of three (`1,000`, `12,345.6`), fractions (`2/3`, `-1/4`) and
/// percentages (`66.7%`, read as 0.667), with spaces around the whole. Anything else is nil,
/// and so are a zero denominator and results that are infinite or not a number.
///
/// A comma is only ever a thousands separator in a well-formed group: `0,5` (a decimal comma)
/// and `1,00` are refused rather than misread as 5 or 100.
public enum NumberReading {
    public static func parse(_ text: String) -> Double? {
        var body = Substring(text.replacingOccurrences(of: "\u{2212}", with: "-")).trimmingWhitespace()
        var isPercentage = false
        if body.hasSuffix("%") {
            body = body.dropLast().trimmingWhitespace()
            isPercentage = true
        }
        let value: Double
        if let slash = body.firstIndex(of: "/") {
            // A percentage of a fraction ("2/3%") is more likely a typo than a meaning.
            guard !isPercentage,
                let numerator = decimal(body[..<slash].trimmingWhitespace()),
                let denominator = decimal(body[body.index(after: slash)...].trimmingWhitespace()),
                denominator != 0
            else { return nil }
            value = numerator / denominator
        } else {
            guard let plain = decimal(body) else { return nil }
            value = plain
        }
        // Dividing by 100 rounds once; multiplying by 0.01, itself inexact, would round twice.
        let result = isPercentage ? value / 100 : value
        return result.isFinite ? result : nil
    }

    /// `[+-] (integer [. digits] | . digits) [(e|E) [+-] digits]`, where the integer may be
    /// grouped by commas in threes.
    private static func decimal(_ text: Substring) -> Double? {
        var rest = text[...]
        var cleaned = ""
        if let sign = rest.first, sign == "+" || sign == "-" {
            if sign == "-" { cleaned.append("-") }
            rest = rest.dropFirst()
        }
        let integerPart = rest.prefix { $0.isASCIIDigit || $0 == "," }
        rest = rest.dropFirst(integerPart.count)
        guard let integerDigits = ungrouped(integerPart) else { return nil }
        var fractionDigits = Substring("")
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix { $0.isASCIIDigit }
            rest = rest.dropFirst(fractionDigits.count)
        }
        guard !integerDigits.isEmpty || !fractionDigits.isEmpty else { return nil }
        cleaned += integerDigits.isEmpty ? "0" : integerDigits
        if !fractionDigits.isEmpty { cleaned += "." + fractionDigits }
        if let marker = rest.first, marker == "e" || marker == "E" {
            rest = rest.dropFirst()
            var exponent = ""
            if let sign = rest.first, sign == "+" || sign == "-" {
                exponent.append(sign)
                rest = rest.dropFirst()
            }
            let exponentDigits = rest.prefix { $0.isASCIIDigit }
            guard !exponentDigits.isEmpty else { return nil }
            rest = rest.dropFirst(exponentDigits.count)
            cleaned += "e" + exponent + exponentDigits
        }
        guard rest.isEmpty, let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// The digits of an integer part with its thousands separators removed, or nil when the
    /// commas do not make groups of three after a first group of one to three digits that does
    /// not start with 0.
    private static func ungrouped(_ text: Substring) -> String? {
        guard text.contains(",") else { return String(text) }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count), first.first != "0",
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        return groups.joined()
    }
}

/// A number as the learner should read it back: at most six significant digits, no trailing
/// zeros, no exponent between a millionth and a quadrillion (`0.666667`, `1000`, `-0.5`).
func formattedNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    if value == 0 { return "0" }
    let magnitude = abs(value)
    if magnitude >= 1e15 || magnitude < 1e-6 {
        return String(format: "%.6g", value)
    }
    let digitsBeforePoint = Int(log10(magnitude).rounded(.down)) + 1
    let decimals = max(0, 6 - digitsBeforePoint)
    var text = String(format: "%.\(decimals)f", value)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
