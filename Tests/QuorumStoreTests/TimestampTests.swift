import Foundation
import Testing

@testable import QuorumStore

@Suite struct TimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_735_689_600.25, "2025-01-01T00:00:00.250Z"),
        (951_782_400.0, "2000-02-29T00:00:00.000Z"),
        (1_735_689_599.999, "2024-12-31T23:59:59.999Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (-2_203_891_200.0, "1900-03-01T00:00:00.000Z"),
    ])
    func formatsUTCWithMilliseconds(secondsSince1970: Double, text: String) {
        #expect(Timestamp.string(Date(timeIntervalSince1970: secondsSince1970)) == text)
    }

    @Test func parsesWhatItFormatsBackToTheSameDate() {
        for milliseconds: Int64 in [0, 1, 999, 1_735_689_600_250, -1, -2_203_891_200_000, 253_402_300_799_999] {
            let date = Timestamp.date(milliseconds: milliseconds)
            #expect(Timestamp.parse(Timestamp.string(date)) == date)
        }
    }

    @Test func roundsFinerPrecisionToTheNearestMillisecond() {
        let date = Date(timeIntervalSince1970: 1_735_689_600.0126)
        #expect(Timestamp.string(date) == "2025-01-01T00:00:00.013Z")
        #expect(Timestamp.normalized(date) == Date(timeIntervalSince1970: 1_735_689_600.013))
    }

    @Test func acceptsNoFractionAndLongerFractions() {
        #expect(Timestamp.parse("2025-01-01T00:00:00Z") == newYear2025)
        #expect(Timestamp.parse("2025-01-01T00:00:00.5Z") == at(0.5))
        #expect(Timestamp.parse("2025-01-01T00:00:00.123456Z") == at(0.123))
        #expect(Timestamp.parse("2025-01-01T00:00:00.1235Z") == at(0.124))
    }

    @Test(arguments: [
        "", "2025-01-01", "2025-01-01T00:00:00.000", "2025-01-01 00:00:00.000Z", "2025-02-29T00:00:00.000Z",
        "2025-13-01T00:00:00.000Z", "2025-01-01T24:00:00.000Z", "2025-01-01T00:60:00.000Z",
        "2025-01-01T00:00:00.Z", "2025-01-01T00:00:00.000+01:00", "2025-0a-01T00:00:00.000Z",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}
