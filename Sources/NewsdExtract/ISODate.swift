import Foundation

/// Parses the ISO 8601 / W3C-DTF timestamps pages put in metadata: `2021-07-07`, `2021-07-07T12:30Z`,
/// `2021-07-07T12:30:15.250+02:00`, `2021-07-07 12:30:15 +0200`. A time without a zone is taken as UTC.
///
/// Every component is checked, as `NewsdFeed`'s `FeedDate` does: `2021-02-31`, hour 24, second 99, an offset past
/// ±14:00 or text after the timestamp give `nil`, never a silently rolled-over date.
enum ISODate {
    static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        scanner.skipSpaces()
        guard let year = scanner.number(digits: 4), scanner.take(UInt8(ascii: "-")),
              let month = scanner.number(digits: 2), scanner.take(UInt8(ascii: "-")),
              let day = scanner.number(digits: 2) else { return nil }
        var fields = CalendarFields(year: year, month: month, day: day)
        if !scanner.isAtEndAfterSpaces {
            guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t")) || scanner.take(UInt8(ascii: " "))
            else { return nil }
            guard readTime(&scanner, into: &fields) else { return nil }
        }
        guard scanner.isAtEndAfterSpaces else { return nil }
        return fields.date
    }

    /// `hh:mm[:ss[.fff]][ ][Z|±hh[:]mm|±hh]`; `false` when it is malformed.
    private static func readTime(_ scanner: inout DigitScanner, into fields: inout CalendarFields) -> Bool {
        guard let hour = scanner.number(digits: 2), scanner.take(UInt8(ascii: ":")),
              let minute = scanner.number(digits: 2) else { return false }
        fields.hour = hour
        fields.minute = minute
        if scanner.take(UInt8(ascii: ":")) {
            guard let second = scanner.number(digits: 2) else { return false }
            fields.second = second
            if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
                var scale = 0.1
                var digits = 0
                while let digit = scanner.digit() {
                    fields.fraction += Double(digit) * scale
                    scale /= 10
                    digits += 1
                }
                guard digits > 0 else { return false }
            }
        }
        scanner.skipSpaces()
        if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            return true
        }
        guard let sign = scanner.sign() else { return true }
        guard let zoneHours = scanner.number(digits: 2) else { return false }
        var zoneMinutes = 0
        if scanner.take(UInt8(ascii: ":")) {
            guard let minutes = scanner.number(digits: 2) else { return false }
            zoneMinutes = minutes
        } else if let minutes = scanner.number(digits: 2) {
            zoneMinutes = minutes
        }
        guard zoneMinutes < 60 else { return false }
        fields.offsetSeconds = sign * (zoneHours * 3600 + zoneMinutes * 60)
        return true
    }
}

/// A calendar date and time with a UTC offset, checked before it becomes a `Date`.
struct CalendarFields: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var fraction = 0.0
    var offsetSeconds = 0

    /// The largest UTC offset in use (Kiribati, +14:00).
    static let maximumOffset = 14 * 3600

    /// The instant, or `nil` when a component is out of range (no rollover: 31 February stays invalid).
    var date: Date? {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              abs(offsetSeconds) <= Self.maximumOffset
        else { return nil }
        // A leap second (:60) is kept inside its minute rather than rolled into the next one.
        let seconds = Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60
            + min(second, 59) - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// A cursor over ASCII bytes for ``ISODate``.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func skipSpaces() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    /// Whether only whitespace is left.
    var isAtEndAfterSpaces: Bool {
        bytes[position...].allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func digit() -> Int? {
        guard position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9")
        else { return nil }
        position += 1
        return Int(bytes[position - 1] - UInt8(ascii: "0"))
    }

    mutating func number(digits: Int) -> Int? {
        let start = position
        var value = 0
        for _ in 0..<digits {
            guard let digit = digit() else {
                position = start
                return nil
            }
            value = value * 10 + digit
        }
        return value
    }

    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }
}
