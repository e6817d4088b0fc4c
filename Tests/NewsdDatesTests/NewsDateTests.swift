import Foundation
import NewsdDates
import Testing

@Suite("News dates")
struct NewsDateTests {
    static let valid: [(String, String)] = [
        ("Mon, 23 Nov 2026 10:31:00 GMT", "2026-11-23T10:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 +0000", "2026-11-23T10:31:00Z"),
        ("23 Nov 2026 10:31:00 GMT", "2026-11-23T10:31:00Z"),
        ("Mon, 23 Nov 26 10:31:00 GMT", "2026-11-23T10:31:00Z"),
        ("Tue, 23 Nov 99 10:31:00 GMT", "1999-11-23T10:31:00Z"),
        ("Mon, 23 Nov 2026 10:31 GMT", "2026-11-23T10:31:00Z"),
        ("Fri, 23 Nov 2026 10:31:00 GMT", "2026-11-23T10:31:00Z"),
        ("mon, 23 nov 2026 10:31:00 gmt", "2026-11-23T10:31:00Z"),
        ("  Mon,   23  Nov\t2026   10:31:00   GMT  ", "2026-11-23T10:31:00Z"),
        ("Mon, 23 November 2026 10:31:00 UT", "2026-11-23T10:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 UTC", "2026-11-23T10:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 Z", "2026-11-23T10:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 EST", "2026-11-23T15:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 EDT", "2026-11-23T14:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 CST", "2026-11-23T16:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 CDT", "2026-11-23T15:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 MST", "2026-11-23T17:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 MDT", "2026-11-23T16:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 PST", "2026-11-23T18:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 PDT", "2026-11-23T17:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 A", "2026-11-23T11:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 N", "2026-11-23T09:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 +0530", "2026-11-23T05:01:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 +05:30", "2026-11-23T05:01:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 -0800", "2026-11-23T18:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 GMT+01:00", "2026-11-23T09:31:00Z"),
        ("Mon, 23 Nov 2026 10:31:00 +0000 (UTC)", "2026-11-23T10:31:00Z"),
        ("Mon, 2 Nov 2026 10:31:00 GMT", "2026-11-02T10:31:00Z"),
        ("23 Nov 2026", "2026-11-23T00:00:00Z"),
        ("Tue, 29 Feb 2028 12:00:00 GMT", "2028-02-29T12:00:00Z"),
        ("2026-11-23", "2026-11-23T00:00:00Z"),
        ("2026-11", "2026-11-01T00:00:00Z"),
        ("2026-11-23T10:31Z", "2026-11-23T10:31:00Z"),
        ("2026-11-23T10:31:00Z", "2026-11-23T10:31:00Z"),
        ("2026-11-23T10:31:00.125Z", "2026-11-23T10:31:00.125Z"),
        ("2026-11-23T10:31:00+01:00", "2026-11-23T09:31:00Z"),
        ("2026-11-23T10:31:00-0500", "2026-11-23T15:31:00Z"),
        ("2026-11-23 10:31:00", "2026-11-23T10:31:00Z"),
        ("2026-11-23t10:31:00z", "2026-11-23T10:31:00Z"),
    ]

    static let invalid: [String] = [
        "Mon, 30 Feb 2026 10:31:00 GMT",
        "Sun, 29 Feb 2027 10:31:00 GMT",
        "Mon, 31 Nov 2026 10:31:00 GMT",
        "Mon, 23 Nov 2026 25:00:00 GMT",
        "Mon, 23 Nov 2026 10:61:00 GMT",
        "Mon, 23 Foo 2026 10:31:00 GMT",
        "Mon, 23 Nov 2026 10:31:00 +2500",
        "2026-13-01",
        "2026-02-30",
        "2026-11-23T24:00:00Z",
        "2026-11-23T10:60:00Z",
        "2026-00-10",
        "2026-11-23T10:31:00 garbage here",
        "not a date",
        "",
    ]

    @Test("parses RFC 822 variants and W3C-DTF", arguments: valid)
    func parsesValid(text: String, expected: String) throws {
        let date = try #require(NewsDate.parse(text), "\(text) did not parse")
        #expect(abs(date.timeIntervalSince(utc(expected))) < 0.001, "\(text) → \(date), expected \(expected)")
    }

    @Test("returns nil for impossible or garbled dates instead of rolling them over", arguments: invalid)
    func rejectsInvalid(text: String) {
        #expect(NewsDate.parse(text) == nil, "\(text) parsed as \(String(describing: NewsDate.parse(text)))")
    }
}

/// An instant written as ISO 8601 in UTC, parsed by Foundation as an independent check on ``NewsDate``.
private func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".")
        ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { preconditionFailure("bad test date \(text)") }
    return date
}
