import Foundation
import NewsdDates
import Testing

@Suite("Date families")
struct DateFamilyTests {
    static let general: [(String, String)] = [
        ("Wed, 19 Aug 2009 18:28:00 Etc/GMT", "2009-08-19T18:28:00Z"),
        ("Sun Jul 15 01:16:00 +0000 2012", "2012-07-15T01:16:00Z"),
        ("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"),
        ("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"),
        ("Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z"),
        ("2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z"),
        ("2004년 05월 28일  01:31:15", "2004-05-27T16:31:15Z"),
        ("2004-05-25 오후 11:23:17", "2004-05-25T14:23:17Z"),
        ("2004-05-25 오전 11:23:17", "2004-05-25T02:23:17Z"),
    ]

    @Test("the general parser reads asctime with a zone, tz names, Perforce, Greek, Hungarian and Korean dates",
          arguments: general)
    func generalParser(text: String, expected: String) throws {
        let date = try #require(NewsDate.parse(text), "\(text) gave no date")
        #expect(date == iso(expected))
    }

    static let iso8601: [(String, String)] = [
        ("031231", "2003-12-31T00:00:00Z"), ("03-12-31", "2003-12-31T00:00:00Z"), ("-0312", "2003-12-01T00:00:00Z"),
        ("-03-12", "2003-12-01T00:00:00Z"), ("03335", "2003-12-01T00:00:00Z"), ("2003-335", "2003-12-01T00:00:00Z"),
        ("2003-012-31T10:14:55+00:00", "2003-12-31T10:14:55Z"), ("20031231", "2003-12-31T00:00:00Z"),
    ]

    @Test("ISO 8601's compact, 2-digit-year and ordinal forms are read as ISO 8601 (this century)",
          arguments: iso8601)
    func iso8601Forms(text: String, expected: String) throws {
        #expect(NewsDate.parse(text, as: .iso8601) == iso(expected))
    }

    @Test("the same text can be a date in one notation and not in another: 22013 is ISO 8601, not W3C-DTF")
    func familiesDisagree() {
        #expect(NewsDate.parse("22013", as: .w3dtf) == nil)
        #expect(NewsDate.parse("22013", as: .iso8601) == iso("2022-01-13T00:00:00Z"))
    }

    @Test("an impossible date is nil in every family", arguments: DateFamily.allCases)
    func impossible(family: DateFamily) {
        for text in ["Sun, 30 Feb 2026 10:00:00 GMT", "2026-02-30T10:00:00Z", "Κυρ, 99 Ιούλ 2004 12:00:00 EST",
                     "2026-13-01 오후 11:23:17", "Fri, 2026/13/15 08:19:53 EDT", ""] {
            #expect(NewsDate.parse(text, as: family) == nil, "\(family): \(text)")
        }
    }

    @Test("the ordinal day past the year's end is refused (2023 has 365 days)")
    func ordinalPastEnd() {
        #expect(NewsDate.parse("2023-366", as: .iso8601) == nil)
        #expect(NewsDate.parse("2024-366", as: .iso8601) == iso("2024-12-31T00:00:00Z"))
    }
}

private func iso(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad test date \(text)") }
    return date
}
