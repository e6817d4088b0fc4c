import Foundation
import NewsdDates

/// Dates as pages print them for readers: "November 10, 2024", "Nov. 10, 2024", "10 November 2024",
/// "Tuesday, 12 Nov 2024". English month names only; the day is taken at 00:00 UTC, since a printed date carries no
/// time zone. Used only when no machine-readable date (meta tags, JSON-LD, `<time datetime>`) exists.
enum WrittenDate {
    static func parse(_ text: String) -> Date? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        for (index, word) in words.enumerated() {
            guard let month = month(word) else { continue }
            // "November 10, 2024" (month day year) or "10 November 2024" (day month year).
            if index + 2 < words.count, let day = Int(words[index + 1]), let year = year(words[index + 2]) {
                return DateFields(year: year, month: month, day: day).date
            }
            if index >= 1, index + 1 < words.count, let day = Int(words[index - 1]), let year = year(words[index + 1]) {
                return DateFields(year: year, month: month, day: day).date
            }
        }
        return nil
    }

    private static func year(_ word: String) -> Int? {
        guard word.count == 4, let year = Int(word), (1900...2999).contains(year) else { return nil }
        return year
    }

    private static func month(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        return months.firstIndex { $0 == word || ($0.hasPrefix(word) && (word.count == 3 || word == "sept")) }
            .map { $0 + 1 }
    }

    private static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]
}
