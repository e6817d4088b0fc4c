public import Foundation

/// The date notations newsd reads, each by its own rules.
///
/// ``NewsDate/parse(_:)`` tries the notations feeds really use, in turn. Parsing as one named family answers what
/// that standard says of a text, which matters where standards disagree: `22013` is no W3C-DTF date (the year must
/// have four digits) but is the ISO 8601 ordinal date 2022-013.
public enum DateFamily: String, Sendable, CaseIterable {
    /// RFC 822 / RFC 2822 and their real-world variants.
    case rfc822
    /// C's `asctime()`: `Sun Jan  4 16:29:06 2004`, optionally with a zone before the year.
    case asctime
    /// W3C-DTF, the ISO 8601 profile feeds use: `2003-12-31T10:14:55Z` and its truncations.
    case w3dtf
    /// Full ISO 8601 date forms: also 2-digit years, ordinal days and compact forms (`031231`, `-0312`, `03335`).
    case iso8601
    /// Perforce's `Fri, 2006/09/15 08:19:53 EDT`.
    case perforce
    /// RFC 822 with Greek day and month names.
    case greek
    /// W3C-DTF with Hungarian month names: `2004-július-13T9:15-05:00`.
    case hungarian
    /// Korean blog software: `2004년 05월 28일 01:31:15` and `2004-05-25 오후 11:23:17`, in Korean time.
    case korean
}

extension NewsDate {
    /// Parses `text` by the rules of one notation only; `nil` when it is not a valid date in that notation.
    public static func parse(_ text: String, as family: DateFamily) -> Date? {
        switch family {
        case .rfc822, .asctime:
            guard let bytes = prepared(text) else { return nil }
            var parser = RFC822DateParser(bytes)
            return parser.parse()?.date
        case .w3dtf:
            guard let bytes = prepared(text) else { return nil }
            var parser = W3CDateParser(bytes)
            return parser.parse()?.date
        case .iso8601:
            return ISO8601DateForms.parse(text)
        case .perforce:
            return LocalizedDates.perforce(text).flatMap { parse($0, as: .rfc822) }
        case .greek:
            return LocalizedDates.greek(text).flatMap { parse($0, as: .rfc822) }
        case .hungarian:
            return LocalizedDates.hungarian(text).flatMap { parse($0, as: .w3dtf) }
        case .korean:
            return LocalizedDates.korean(text).flatMap { parse($0, as: .w3dtf) }
        }
    }

    /// The notations tried after RFC 822 and W3C-DTF, for texts neither reads.
    static let fallbackFamilies: [DateFamily] = [.perforce, .korean, .greek, .hungarian]

    /// Trimmed, lower-cased UTF-8, or `nil` when empty or implausibly long.
    static func prepared(_ text: String) -> [UInt8]? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, DateBytes.isSpace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !DateBytes.isSpace($0) } ?? bytes.endIndex
        let trimmed = bytes[start...].map(DateBytes.lowercased)
        guard !trimmed.isEmpty, trimmed.count <= 100 else { return nil }
        return trimmed
    }
}

/// Dates written with local names or layouts, rewritten into RFC 822 or W3C-DTF text.
enum LocalizedDates {
    private static let englishMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                                        "Dec"]

    /// `Fri, 2006/09/15 08:19:53 EDT` → `Fri, 15 Sep 2006 08:19:53 EDT`.
    static func perforce(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 4, parts[0].hasSuffix(","), parts[1].contains("/") else { return nil }
        let date = parts[1].split(separator: "/")
        guard date.count == 3, let month = Int(date[1]), (1...12).contains(month) else { return nil }
        return "\(parts[0]) \(date[2]) \(englishMonths[month - 1]) \(date[0]) \(parts[2]) \(parts[3])"
    }

    private static let greekMonths: [String: String] = [
        "Ιαν": "Jan", "Φεβ": "Feb", "Μάώ": "Mar", "Μαώ": "Mar", "Απρ": "Apr", "Μάι": "May", "Μαϊ": "May",
        "Μαι": "May", "Ιούν": "Jun", "Ιον": "Jun", "Ιούλ": "Jul", "Ιολ": "Jul", "Αύγ": "Aug", "Αυγ": "Aug",
        "Σεπ": "Sep", "Οκτ": "Oct", "Νοέ": "Nov", "Νοε": "Nov", "Δεκ": "Dec",
    ]
    private static let greekWeekdays: [String: String] = [
        "Κυρ": "Sun", "Δευ": "Mon", "Τρι": "Tue", "Τετ": "Wed", "Πεμ": "Thu", "Παρ": "Fri", "Σαβ": "Sat",
    ]

    /// `Κυρ, 11 Ιούλ 2004 12:00:00 EST` → `Sun, 11 Jul 2004 12:00:00 EST`.
    static func greek(_ text: String) -> String? {
        var words = text.split(separator: " ").map(String.init)
        var translated = false
        for (index, word) in words.enumerated() {
            let bare = word.hasSuffix(",") ? String(word.dropLast()) : word
            if let english = greekWeekdays[bare] ?? greekMonths[bare] {
                words[index] = english + (word.hasSuffix(",") ? "," : "")
                translated = true
            }
        }
        return translated ? words.joined(separator: " ") : nil
    }

    private static let hungarianMonths: [String: String] = [
        "január": "01", "február": "02", "március": "03", "április": "04", "május": "05", "június": "06",
        "július": "07", "augusztus": "08", "szeptember": "09", "október": "10", "november": "11", "december": "12",
    ]

    /// `2004-július-13T9:15-05:00` → `2004-07-13T09:15-05:00`.
    static func hungarian(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", maxSplits: 2).map(String.init)
        guard parts.count == 3, let month = hungarianMonths[parts[1].lowercased()] else { return nil }
        var rest = parts[2]
        if let t = rest.firstIndex(of: "T"), let colon = rest[t...].firstIndex(of: ":"),
           rest.distance(from: t, to: colon) == 2 {
            rest.insert("0", at: rest.index(after: t))
        }
        return "\(parts[0])-\(month)-\(rest)"
    }

    /// `2004년 05월 28일 01:31:15` and `2004-05-25 오후 11:23:17` (오전 a.m., 오후 p.m.) as W3C-DTF in Korean time.
    static func korean(_ text: String) -> String? {
        let words = text.split(separator: " ").map(String.init)
        if words.count == 4, words[0].hasSuffix("년"), words[1].hasSuffix("월"), words[2].hasSuffix("일") {
            return "\(words[0].dropLast())-\(words[1].dropLast())-\(words[2].dropLast())T\(words[3])+09:00"
        }
        guard words.count == 3, words[1] == "오전" || words[1] == "오후" else { return nil }
        let time = words[2].split(separator: ":").map(String.init)
        guard time.count == 3, var hour = Int(time[0]) else { return nil }
        if words[1] == "오후" { hour += 12 }
        let hourText = hour < 10 ? "0\(hour)" : "\(hour)"
        return "\(words[0])T\(hourText):\(time[1]):\(time[2])+09:00"
    }
}

/// The ISO 8601 date forms beyond W3C-DTF: `YYYY-0MM-DD`, 2-digit years (`YY-MM-DD`, `YYMMDD`, `-YY-MM`, `-YYMM`)
/// in the current century, ordinal days (`YYYY-DDD`, `YYDDD`), each optionally followed by a W3C-DTF time.
enum ISO8601DateForms {
    static func parse(_ text: String, now: Date = Date()) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var datePart = Substring(trimmed)
        var timePart = ""
        if let t = trimmed.firstIndex(of: "T") {
            datePart = trimmed[..<t]
            timePart = String(trimmed[t...])
        }
        let century = Calendar(identifier: .gregorian).component(.year, from: now) / 100 * 100
        guard let (year, month, day) = calendarDate(datePart, century: century) else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return NewsDate.parse("\(yearText)-\(two(month))-\(two(day))\(timePart)", as: .w3dtf)
    }

    /// Year, month and day of the date part, or `nil` when it matches no form.
    private static func calendarDate(_ text: Substring, century: Int) -> (Int, Int, Int)? {
        let fromYearStart = text.hasPrefix("-")
        let body = fromYearStart ? text.dropFirst() : text
        let groups = body.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        let numbers = groups.map { Int($0)! }
        let widths = groups.map(\.count)
        func year(_ index: Int) -> Int { widths[index] == 4 ? numbers[index] : century + numbers[index] }
        switch (fromYearStart, widths) {
        case (false, [4, 3, 2]) where groups[1].hasPrefix("0"), (false, [4, 2, 2]), (false, [2, 2, 2]):
            return (year(0), numbers[1], numbers[2])
        case (false, [4, 2]), (true, [2, 2]):
            return (year(0), numbers[1], 1)
        case (false, [4, 3]):
            return ordinal(year: numbers[0], day: numbers[1])
        case (false, [6]), (false, [8]):
            let digits = Array(groups[0])
            let yearDigits = digits.count - 4
            let yearValue = Int(String(digits[..<yearDigits]))!
            return (yearDigits == 4 ? yearValue : century + yearValue, Int(String(digits[yearDigits..<yearDigits + 2]))!,
                    Int(String(digits[(yearDigits + 2)...]))!)
        case (false, [5]), (false, [7]):
            let digits = Array(groups[0])
            let yearDigits = digits.count - 3
            let yearValue = Int(String(digits[..<yearDigits]))!
            return ordinal(year: yearDigits == 4 ? yearValue : century + yearValue,
                           day: Int(String(digits[yearDigits...]))!)
        case (true, [4]):
            let digits = Array(groups[0])
            return (century + Int(String(digits[..<2]))!, Int(String(digits[2...]))!, 1)
        case (false, [4]):
            return (numbers[0], 1, 1)
        default:
            return nil
        }
    }

    /// The month and day of day-of-year `day`; `nil` past the year's end.
    private static func ordinal(year: Int, day: Int) -> (Int, Int, Int)? {
        var remaining = day
        for month in 1...12 {
            let length = DateFields.daysIn(month: month, year: year)
            if remaining <= length { return remaining >= 1 ? (year, month, remaining) : nil }
            remaining -= length
        }
        return nil
    }
}
