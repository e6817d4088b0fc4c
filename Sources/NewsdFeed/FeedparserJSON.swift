public import Foundation

/// A ``Feed`` as JSON in the shape of feedparser's result, for `newsd feed FILE|URL --json` and for comparing
/// newsd with feedparser on the same documents.
///
/// Only the fields newsd models are written; absent values are omitted (feedparser would omit or null them).
/// Keys are sorted. Dates appear twice, as feedparser gives them: the text as written (`updated`) and the parsed
/// instant in UTC (`updated_parsed`, `YYYY-MM-DDTHH:MM:SSZ`, standing in for Python's `struct_time`).
public enum FeedparserJSON {
    /// The JSON text.
    ///
    /// - Parameter prettyPrinted: indent nested values by two spaces, one key per line.
    public static func string(_ feed: Feed, prettyPrinted: Bool = false) -> String {
        var writer = JSONWriter(prettyPrinted: prettyPrinted)
        writer.write(document(feed))
        return writer.output
    }

    /// The JSON as UTF-8 bytes.
    public static func bytes(_ feed: Feed, prettyPrinted: Bool = false) -> [UInt8] {
        Array(string(feed, prettyPrinted: prettyPrinted).utf8)
    }

    static func document(_ feed: Feed) -> JSONValue {
        var root: [String: JSONValue] = [
            "bozo": .integer(feed.isBozo ? 1 : 0),
            "version": .string(feed.format.feedparserVersion),
            "feed": channel(feed),
            "entries": .array(feed.items.map(entry)),
        ]
        root["bozo_exception"] = feed.warnings.first.map(JSONValue.string)
        root["encoding"] = feed.encoding.map(JSONValue.string)
        return .object(root)
    }

    private static func channel(_ feed: Feed) -> JSONValue {
        var object: [String: JSONValue] = [:]
        object["title"] = feed.title.map(JSONValue.string)
        object["link"] = feed.link.map(JSONValue.string)
        object["links"] = feed.links.isEmpty ? nil : .array(feed.links.map(link))
        object["id"] = feed.id.map(JSONValue.string)
        object["updated"] = feed.updatedText.map(JSONValue.string)
        object["updated_parsed"] = feed.updated.map(timestamp)
        object["language"] = feed.language.map(JSONValue.string)
        object["subtitle"] = feed.subtitle.map(JSONValue.string)
        object["author"] = feed.author.map(JSONValue.string)
        return .object(object)
    }

    private static func entry(_ item: FeedItem) -> JSONValue {
        var object: [String: JSONValue] = [:]
        object["title"] = item.title.map(JSONValue.string)
        object["link"] = item.link.map(JSONValue.string)
        object["links"] = item.links.isEmpty ? nil : .array(item.links.map(link))
        object["id"] = item.id.map(JSONValue.string)
        object["published"] = item.publishedText.map(JSONValue.string)
        object["published_parsed"] = item.published.map(timestamp)
        object["updated"] = item.updatedText.map(JSONValue.string)
        object["updated_parsed"] = item.updated.map(timestamp)
        object["summary"] = item.summary.map(JSONValue.string)
        object["author"] = item.author.map(JSONValue.string)
        if let content = item.content {
            let type = item.contentType ?? "text/html"
            object["content"] = .array([.object(["type": .string(type), "value": .string(content)])])
        }
        if !item.tags.isEmpty {
            object["tags"] = .array(item.tags.map { tag in
                var fields: [String: JSONValue] = ["term": .string(tag.term)]
                fields["scheme"] = tag.scheme.map(JSONValue.string)
                fields["label"] = tag.label.map(JSONValue.string)
                return .object(fields)
            })
        }
        if !item.enclosures.isEmpty {
            object["enclosures"] = .array(item.enclosures.map { enclosure in
                var fields: [String: JSONValue] = ["href": .string(enclosure.href)]
                fields["type"] = enclosure.type.map(JSONValue.string)
                fields["length"] = enclosure.length.map(JSONValue.string)
                return .object(fields)
            })
        }
        return .object(object)
    }

    /// A link as feedparser reports it, with its default `type` when the feed gives none.
    private static func link(_ link: FeedLink) -> JSONValue {
        var fields: [String: JSONValue] = ["rel": .string(link.rel), "href": .string(link.href)]
        let defaultType = link.rel == "self" ? "application/atom+xml" : "text/html"
        fields["type"] = .string(link.type ?? defaultType)
        fields["title"] = link.title.map(JSONValue.string)
        fields["length"] = link.length.map(JSONValue.string)
        return .object(fields)
    }

    static func timestamp(_ date: Date) -> JSONValue {
        .string(utcText(date))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC, fractions of a second dropped, as feedparser's `*_parsed` values read;
    /// computed without a formatter or calendar.
    public static func utcText(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):"
            + "\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// The inverse of ``DateFields/daysSinceEpoch(year:month:day:)`` (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// A JSON value, enough for ``FeedparserJSON``.
enum JSONValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case array([JSONValue])
    case object([String: JSONValue])
}

/// Writes a ``JSONValue`` with sorted keys, escaping only what JSON requires.
struct JSONWriter: Sendable {
    let prettyPrinted: Bool
    private(set) var output = ""

    init(prettyPrinted: Bool) {
        self.prettyPrinted = prettyPrinted
    }

    mutating func write(_ value: JSONValue, depth: Int = 0) {
        switch value {
        case .string(let text): writeString(text)
        case .integer(let number): output += String(number)
        case .array(let values):
            writeContainer(open: "[", close: "]", count: values.count, depth: depth) { writer, index in
                writer.write(values[index], depth: depth + 1)
            }
        case .object(let fields):
            let pairs = fields.sorted { $0.key < $1.key }
            writeContainer(open: "{", close: "}", count: pairs.count, depth: depth) { writer, index in
                writer.writeString(pairs[index].key)
                writer.output += writer.prettyPrinted ? ": " : ":"
                writer.write(pairs[index].value, depth: depth + 1)
            }
        }
    }

    private mutating func writeContainer(
        open: String, close: String, count: Int, depth: Int, element: (inout JSONWriter, Int) -> Void
    ) {
        output += open
        guard count > 0 else {
            output += close
            return
        }
        for index in 0..<count {
            if index > 0 { output += "," }
            if prettyPrinted { output += "\n" + String(repeating: "  ", count: depth + 1) }
            element(&self, index)
        }
        if prettyPrinted { output += "\n" + String(repeating: "  ", count: depth) }
        output += close
    }

    private mutating func writeString(_ text: String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
