public import Foundation
import NewsdDates

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
        .object(header(feed.header))
    }

    /// A channel's (or an entry source's) fields.
    private static func header(_ header: FeedHeader) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        text(header.titleDetail, as: "title", into: &object)
        text(header.subtitleDetail, as: "subtitle", into: &object)
        text(header.infoDetail, as: "info", into: &object)
        text(header.rightsDetail, as: "rights", into: &object)
        object["link"] = header.link.map(JSONValue.string)
        links(header.links, into: &object)
        object["id"] = header.id.map(JSONValue.string)
        object["href"] = header.href.map(JSONValue.string)
        object["language"] = header.language.map(JSONValue.string)
        people(header.authors, contributors: header.contributors, publisher: header.publisher, into: &object)
        if let generator = header.generator {
            object["generator"] = generator.name.map(JSONValue.string)
            var detail: [String: JSONValue] = [:]
            detail["name"] = generator.name.map(JSONValue.string)
            detail["href"] = generator.href.map(JSONValue.string)
            detail["version"] = generator.version.map(JSONValue.string)
            object["generator_detail"] = .object(detail)
        }
        object["icon"] = header.icon.map(JSONValue.string)
        object["logo"] = header.logo.map(JSONValue.string)
        if let image = header.image {
            var fields: [String: JSONValue] = [:]
            fields["href"] = image.href.map(JSONValue.string)
            fields["title"] = image.title.map(JSONValue.string)
            fields["link"] = image.link.map(JSONValue.string)
            fields["width"] = image.width.map(JSONValue.integer)
            fields["height"] = image.height.map(JSONValue.integer)
            fields["description"] = image.description.map(JSONValue.string)
            object["image"] = .object(fields)
        }
        if !header.textInput.isEmpty {
            object["textinput"] = .object(header.textInput.mapValues(JSONValue.string))
        }
        date(header.updatedDetail, as: "updated", into: &object)
        date(header.publishedDetail, as: "published", into: &object)
        date(header.createdDetail, as: "created", into: &object)
        tags(header.tags, into: &object)
        extensions(header.extensions, into: &object)
        return object
    }

    private static func entry(_ item: FeedItem) -> JSONValue {
        var object: [String: JSONValue] = [:]
        text(item.titleDetail, as: "title", into: &object)
        text(item.summaryDetail, as: "summary", into: &object)
        text(item.rightsDetail, as: "rights", into: &object)
        if !item.contents.isEmpty {
            object["content"] = .array(item.contents.map { .object(textDetail($0)) })
        }
        object["link"] = item.link.map(JSONValue.string)
        links(item.links, into: &object)
        object["id"] = item.id.map(JSONValue.string)
        object["guidislink"] = item.guidIsLink.map { .bool($0) }
        people(item.authors, contributors: item.contributors, publisher: item.publisher, into: &object)
        date(item.publishedDetail, as: "published", into: &object)
        date(item.updatedDetail, as: "updated", into: &object)
        date(item.createdDetail, as: "created", into: &object)
        date(item.expiredDetail, as: "expired", into: &object)
        tags(item.tags, into: &object)
        if !item.enclosures.isEmpty {
            object["enclosures"] = .array(item.enclosures.map { enclosure in
                var fields: [String: JSONValue] = ["href": .string(enclosure.href)]
                fields["type"] = enclosure.type.map(JSONValue.string)
                fields["length"] = enclosure.length.map(JSONValue.string)
                return .object(fields)
            })
        }
        if !item.thumbnails.isEmpty {
            object["media_thumbnail"] = .array(item.thumbnails.map { .object(["url": .string($0)]) })
        }
        if let source = item.source {
            object["source"] = .object(header(source))
        }
        extensions(item.extensions, into: &object)
        return .object(object)
    }

    /// `key` (the value) and `key_detail` (type, language, base, value), as feedparser writes a text construct.
    private static func text(_ text: FeedText?, as key: String, into object: inout [String: JSONValue]) {
        guard let text else { return }
        object[key] = .string(text.value)
        object[key + "_detail"] = .object(textDetail(text))
    }

    private static func textDetail(_ text: FeedText) -> [String: JSONValue] {
        var detail: [String: JSONValue] = ["type": .string(text.type), "value": .string(text.value)]
        detail["language"] = text.language.map(JSONValue.string) ?? .null
        detail["base"] = text.base.map(JSONValue.string) ?? .string("")
        detail["src"] = text.source.map(JSONValue.string)
        return detail
    }

    /// `links`, and `license` (the first link with `rel="license"`).
    private static func links(_ links: [FeedLink], into object: inout [String: JSONValue]) {
        guard !links.isEmpty else { return }
        object["links"] = .array(links.map(link))
        object["license"] = links.first { $0.rel == "license" }.map { .string($0.href) }
    }

    /// `author`, `author_detail`, `authors`, `contributors`, `publisher`, `publisher_detail`.
    private static func people(_ authors: [FeedPerson], contributors: [FeedPerson], publisher: FeedPerson?,
                               into object: inout [String: JSONValue]) {
        if let first = authors.first {
            object["author"] = first.display.map(JSONValue.string)
            object["author_detail"] = .object(person(first))
            object["authors"] = .array(authors.map { .object(person($0)) })
        }
        if !contributors.isEmpty {
            object["contributors"] = .array(contributors.map { .object(person($0)) })
        }
        if let publisher {
            object["publisher"] = publisher.display.map(JSONValue.string)
            object["publisher_detail"] = .object(person(publisher))
        }
    }

    private static func person(_ person: FeedPerson) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        fields["name"] = person.name.map(JSONValue.string)
        fields["email"] = person.email.map(JSONValue.string)
        fields["href"] = person.href.map(JSONValue.string)
        return fields
    }

    /// `key` (the text as written) and `key_parsed` (UTC), when the text is a valid date.
    private static func date(_ date: FeedDate?, as key: String, into object: inout [String: JSONValue]) {
        guard let date else { return }
        object[key] = .string(date.text)
        object[key + "_parsed"] = date.date.map(timestamp)
    }

    /// `tags`, and `category` (the first tag's term).
    private static func tags(_ tags: [FeedTag], into object: inout [String: JSONValue]) {
        guard let first = tags.first else { return }
        object["category"] = .string(first.term)
        object["tags"] = .array(tags.map { tag in
            var fields: [String: JSONValue] = ["term": .string(tag.term)]
            fields["scheme"] = tag.scheme.map(JSONValue.string) ?? .null
            fields["label"] = tag.label.map(JSONValue.string) ?? .null
            return .object(fields)
        })
    }

    /// Elements newsd keeps without modelling them; `validity_start`/`validity_end` also as dates.
    private static func extensions(_ extensions: [String: FeedExtension], into object: inout [String: JSONValue]) {
        for (key, value) in extensions where object[key] == nil {
            switch value {
            case .text(let text):
                object[key] = .string(text)
                if key.hasPrefix("validity_") { object[key + "_parsed"] = NewsDate.parse(text).map(timestamp) }
            case .attributes(let attributes):
                object[key] = .object(attributes.mapValues(JSONValue.string))
            }
        }
    }

    /// A link as feedparser reports it.
    private static func link(_ link: FeedLink) -> JSONValue {
        var fields: [String: JSONValue] = ["rel": .string(link.rel), "href": .string(link.href)]
        fields["type"] = link.type.map(JSONValue.string)
        fields["title"] = link.title.map(JSONValue.string)
        fields["length"] = link.length.map(JSONValue.string)
        fields["hreflang"] = link.hreflang.map(JSONValue.string)
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
    case bool(Bool)
    case null
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
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
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
        JSONStringLiteral.append(text, to: &output)
    }
}
