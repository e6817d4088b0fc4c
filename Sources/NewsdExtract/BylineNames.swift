import Foundation

/// The names in a byline string: "Jane Roe, John Doe and Ana Lima" names three people.
///
/// Pages and metadata give authors as one string (JSON-LD's author list arrives joined with ", "); the record keeps
/// that string, and ``Article/bylines`` offers the names apart for consumers that index people.
enum BylineNames {
    /// The names in `byline`, in order, without a leading "By" and without duplicates.
    static func split(_ byline: String) -> [String] {
        var text = Substring(byline)
        if text.lowercased().hasPrefix("by ") { text = text.dropFirst(3) }
        var names: [String] = []
        for part in text.split(whereSeparator: { ",;|&\u{2022}".contains($0) }) {
            for name in part.components(separatedBy: " and ") {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !names.contains(trimmed) else { continue }
                names.append(trimmed)
            }
        }
        return names
    }
}
