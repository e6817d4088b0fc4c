public import Foundation

/// Dates as feeds and pages write them: RFC 822 with its real-world variants, and W3C-DTF / ISO 8601.
///
/// Shared by the feed parser (`pubDate`, `dc:date`, Atom dates) and the extractor (meta tags, JSON-LD,
/// `<time datetime>`), so both accept and refuse the same texts.
///
/// A small hand parser rather than `DateFormatter`: it is fast, needs no locale, and checks every component itself,
/// so `Feb 30`, hour 25 or month 13 give `nil` instead of a silently rolled-over date.
public enum NewsDate {
    /// Parses a feed date, or returns `nil` when the text is not a date or names an impossible one.
    ///
    /// RFC 822: `Mon, 23 Nov 2026 10:31:00 GMT`, with or without the weekday (a wrong one is ignored), seconds,
    /// or the time; 2-digit years (00–49 → 20xx, 50–99 → 19xx); full or lower-case month names; zones as
    /// `+0530`, `+05:30`, `GMT+1`, `Etc/GMT`, the US names (EST, PDT, …) or military letters (RFC 822's signs,
    /// as feedparser reads them); an unknown zone name counts as UTC; asctime, with or without a zone before the
    /// year. W3C-DTF: `2026`, `2026-11`, `2026-11-23`, `2026-11-23T10:31Z`, with seconds, fractions and `±hh:mm`
    /// offsets; no zone means UTC. Then Perforce, Korean, Greek and Hungarian dates (see ``DateFamily``).
    public static func parse(_ text: String) -> Date? {
        guard let trimmed = prepared(text) else { return nil }
        let date: Date?
        if trimmed.count >= 4, trimmed.prefix(4).allSatisfy(DateBytes.isDigit) {
            var parser = W3CDateParser(trimmed)
            date = parser.parse()?.date
        } else {
            var parser = RFC822DateParser(trimmed)
            date = parser.parse()?.date
        }
        if let date { return date }
        for family in fallbackFamilies {
            if let date = parse(text, as: family) { return date }
        }
        return nil
    }
}

/// A calendar date and time with a UTC offset, checked before it becomes a `Date`.
public struct DateFields: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour = 0
    public var minute = 0
    public var second = 0
    public var fraction = 0.0
    public var offsetSeconds = 0

    /// The largest UTC offset in use anywhere (Kiribati, +14:00).
    public static let maximumOffset = 14 * 3600

    /// A date at midnight UTC; set the other fields as needed.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The instant, or `nil` when a component is out of range (no rollover: 30 February stays invalid).
    public var date: Date? {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        guard (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        guard abs(offsetSeconds) <= Self.maximumOffset else { return nil }
        // A leap second (:60) is kept inside its minute rather than rolled into the next one.
        let seconds = Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to the given proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// ASCII helpers for the date parsers, which work on lower-cased UTF-8 bytes.
enum DateBytes {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// The value of a run of 1–`maxDigits` ASCII digits, or `nil`.
    static func number(_ bytes: some Collection<UInt8>, maxDigits: Int = 4) -> Int? {
        guard !bytes.isEmpty, bytes.count <= maxDigits, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}

/// Time-zone designators: `z`, `gmt`, `+0530`, `-05:00`, `+05`, `gmt+1`, `est`, military letters.
enum ZoneDesignator {
    private static let named: [String: Int] = [
        "z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0,
        "at": -4, "ast": -4, "adt": -3,
        "et": -5, "est": -5, "edt": -4,
        "ct": -6, "cst": -6, "cdt": -5,
        "mt": -7, "mst": -7, "mdt": -6,
        "pt": -8, "pst": -8, "pdt": -7,
        "met": 1, "mest": 2, "cet": 1, "cest": 2,
    ]

    /// The offset from UTC in seconds, or `nil` when the designator is malformed. Unknown names count as UTC,
    /// as feedparser reads them.
    static func offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        // tz database names for UTC: `Etc/GMT`, `Etc/UTC`.
        if bytes.starts(with: Array("etc/".utf8)) { return offset(bytes.dropFirst(4)) }
        guard let first = bytes.first else { return 0 }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            return numericOffset(bytes)
        }
        guard bytes.allSatisfy({ DateBytes.isLetter($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
            || $0 == UInt8(ascii: ":") || DateBytes.isDigit($0) })
        else { return nil }
        if let sign = bytes.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            let name = String(decoding: bytes[..<sign], as: UTF8.self)
            guard ["gmt", "utc", "ut"].contains(name) else { return nil }
            return numericOffset(bytes[sign...])
        }
        guard bytes.allSatisfy(DateBytes.isLetter) else { return nil }
        let name = String(decoding: bytes, as: UTF8.self)
        if let hours = named[name] { return hours * 3600 }
        if bytes.count == 1 { return militaryOffset(first) }
        return 0
    }

    /// `+hhmm`, `+hh:mm`, `+hh` or `+h`.
    private static func numericOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        let sign = bytes.first == UInt8(ascii: "-") ? -1 : 1
        let digits = bytes.dropFirst()
        let hours: Int?
        let minutes: Int?
        if let colon = digits.firstIndex(of: UInt8(ascii: ":")) {
            hours = DateBytes.number(digits[..<colon], maxDigits: 2)
            minutes = digits[colon...].count == 3 ? DateBytes.number(digits[(colon + 1)...], maxDigits: 2) : nil
        } else if digits.count == 4 {
            hours = DateBytes.number(digits.prefix(2))
            minutes = DateBytes.number(digits.suffix(2))
        } else {
            hours = DateBytes.number(digits, maxDigits: 2)
            minutes = 0
        }
        guard let hours, let minutes, hours <= 23, minutes <= 59 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }

    /// RFC 822's military zones: A–I are −1…−9, K–M −10…−12, N–Y +1…+12 (J is unused).
    private static func militaryOffset(_ letter: UInt8) -> Int? {
        let hours: Int
        switch letter {
        case UInt8(ascii: "a")...UInt8(ascii: "i"): hours = -Int(letter - UInt8(ascii: "a") + 1)
        case UInt8(ascii: "k")...UInt8(ascii: "m"): hours = -Int(letter - UInt8(ascii: "k") + 10)
        case UInt8(ascii: "n")...UInt8(ascii: "y"): hours = Int(letter - UInt8(ascii: "n") + 1)
        default: return nil
        }
        return hours * 3600
    }
}

/// W3C-DTF and the ISO 8601 forms feeds use: `yyyy[-mm[-dd[(T| )hh:mm[:ss[.fff]][zone]]]]`.
struct W3CDateParser {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() -> DateFields? {
        guard let year = digits(exactly: 4) else { return nil }
        var fields = DateFields(year: year, month: 1, day: 1)
        guard !atEnd else { return fields }
        guard take("-"), let month = digits(upTo: 2) else { return nil }
        fields.month = month
        guard !atEnd else { return fields }
        guard take("-"), let day = digits(upTo: 2) else { return nil }
        fields.day = day
        guard !atEnd else { return fields }
        guard take("t") || skipSpaces() else { return nil }
        guard let hour = digits(exactly: 2), take(":"), let minute = digits(exactly: 2) else { return nil }
        fields.hour = hour
        fields.minute = minute
        if take(":") {
            guard let second = digits(exactly: 2) else { return nil }
            fields.second = second
            if take(".") || take(",") {
                let start = position
                while !atEnd, DateBytes.isDigit(bytes[position]) { position += 1 }
                guard position > start, let fraction = Double("0." + String(decoding: bytes[start..<position],
                                                                                     as: UTF8.self))
                else { return nil }
                fields.fraction = fraction
            }
        }
        _ = skipSpaces()
        guard let offset = ZoneDesignator.offset(bytes[position...]) else { return nil }
        fields.offsetSeconds = offset
        return fields
    }

    private var atEnd: Bool { position >= bytes.count }

    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard !atEnd, bytes[position] == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func skipSpaces() -> Bool {
        let start = position
        while !atEnd, DateBytes.isSpace(bytes[position]) { position += 1 }
        return position > start
    }

    private mutating func digits(exactly count: Int) -> Int? {
        guard position + count <= bytes.count, let value = DateBytes.number(bytes[position..<position + count])
        else { return nil }
        position += count
        return value
    }

    private mutating func digits(upTo count: Int) -> Int? {
        let start = position
        while !atEnd, position - start < count, DateBytes.isDigit(bytes[position]) { position += 1 }
        return DateBytes.number(bytes[start..<position])
    }
}

/// RFC 822 / RFC 2822 dates and their real-world variants, read as tokens:
/// `[weekday] day month year [time] [zone]`, `[weekday] month day [time] year` (asctime), `23-Nov-2026`.
struct RFC822DateParser {
    private static let months: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let fullMonths: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "sept",
    ]

    private var tokens: [ArraySlice<UInt8>]

    init(_ bytes: [UInt8]) {
        tokens = bytes.split { DateBytes.isSpace($0) || $0 == UInt8(ascii: ",") }
    }

    mutating func parse() -> DateFields? {
        if let first = tokens.first, Self.isWeekday(first) {
            tokens.removeFirst()
        }
        // `23-Nov-2026` and `23-Nov-26`: one token holding the whole date.
        if let first = tokens.first, first.contains(UInt8(ascii: "-")), first.first.map(DateBytes.isDigit) == true {
            let parts = first.split(separator: UInt8(ascii: "-"))
            guard parts.count == 3 else { return nil }
            tokens.replaceSubrange(0..<1, with: parts)
        }
        guard tokens.count >= 2 else { return nil }
        var day: Int
        var month: Int
        var index = 2
        if let value = DateBytes.number(tokens[0], maxDigits: 2) {
            guard let name = Self.month(tokens[1]) else { return nil }
            day = value
            month = name
        } else if let name = Self.month(tokens[0]), let value = DateBytes.number(tokens[1], maxDigits: 2) {
            day = value
            month = name
        } else {
            return nil
        }
        var year: Int?
        if index < tokens.count, !tokens[index].contains(UInt8(ascii: ":")) {
            guard let value = Self.year(tokens[index]) else { return nil }
            year = value
            index += 1
        }
        var fields = DateFields(year: 0, month: month, day: day)
        if index < tokens.count, tokens[index].contains(UInt8(ascii: ":")) {
            guard Self.readTime(tokens[index], into: &fields) else { return nil }
            index += 1
        }
        // asctime with a zone before the year: `Sun Jul 15 01:16:00 +0000 2012`.
        if year == nil, index + 1 < tokens.count, tokens[index].first == UInt8(ascii: "+")
            || tokens[index].first == UInt8(ascii: "-"), let value = Self.year(tokens[index + 1]) {
            guard let offset = ZoneDesignator.offset(tokens[index]) else { return nil }
            fields.offsetSeconds = offset
            fields.year = value
            return index + 2 == tokens.count ? fields : nil
        }
        if year == nil {
            guard index < tokens.count, let value = Self.year(tokens[index]) else { return nil }
            year = value
            index += 1
        }
        fields.year = year ?? 0
        if index < tokens.count, tokens[index].first != UInt8(ascii: "(") {
            guard let offset = ZoneDesignator.offset(tokens[index]) else { return nil }
            fields.offsetSeconds = offset
            index += 1
        }
        // Only a trailing comment such as `(UTC)` may follow.
        guard index == tokens.count || tokens[index].first == UInt8(ascii: "(") else { return nil }
        return fields
    }

    private static func isWeekday(_ token: ArraySlice<UInt8>) -> Bool {
        let letters = token.last == UInt8(ascii: ".") ? token.dropLast() : token
        guard letters.count >= 3, letters.allSatisfy(DateBytes.isLetter) else { return false }
        return weekdays.contains(String(decoding: letters.prefix(3), as: UTF8.self))
    }

    private static func month(_ token: ArraySlice<UInt8>) -> Int? {
        let letters = token.last == UInt8(ascii: ".") ? token.dropLast() : token
        let name = String(decoding: letters, as: UTF8.self)
        guard name.count == 3 || fullMonths.contains(name) else { return nil }
        return months[String(name.prefix(3))]
    }

    /// A 4-digit year as is; 2 digits per RFC 2822 (00–49 → 20xx, 50–99 → 19xx); 3 digits + 1900.
    private static func year(_ token: ArraySlice<UInt8>) -> Int? {
        guard let value = DateBytes.number(token, maxDigits: 4) else { return nil }
        switch token.count {
        case 4: return value
        case 3: return value + 1900
        case 2: return value < 50 ? 2000 + value : 1900 + value
        default: return nil
        }
    }

    /// `hh:mm` or `hh:mm:ss`, optionally with a fraction of a second.
    private static func readTime(_ token: ArraySlice<UInt8>, into fields: inout DateFields) -> Bool {
        let parts = token.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              let hour = DateBytes.number(parts[0], maxDigits: 2),
              let minute = DateBytes.number(parts[1], maxDigits: 2), parts[1].count == 2
        else { return false }
        fields.hour = hour
        fields.minute = minute
        if parts.count == 3 {
            var secondPart = parts[2]
            if let dot = secondPart.firstIndex(of: UInt8(ascii: ".")) {
                let fraction = secondPart[(dot + 1)...]
                guard !fraction.isEmpty, fraction.allSatisfy(DateBytes.isDigit),
                      let value = Double("0." + String(decoding: fraction, as: UTF8.self))
                else { return false }
                fields.fraction = value
                secondPart = secondPart[..<dot]
            }
            guard secondPart.count == 2, let second = DateBytes.number(secondPart, maxDigits: 2) else { return false }
            fields.second = second
        }
        return true
    }
}
