public import Foundation

/// One story as newsd hands it to downstream consumers: the text of its best copy, every copy that carries it, and
/// where it sits in the story's revision chain.
///
/// The JSON form is described in `docs/spool-format.md` and `docs/spool-format.schema.json`: snake_case keys in
/// sorted order, dates as ISO 8601 UTC with whole seconds (`2026-11-23T10:31:28Z`), and every optional field written
/// (as `null` when absent) so that consumers always see the same shape.
///
/// Dates are kept at whole-second precision: the initialiser drops fractions of a second, so a record survives an
/// encode/decode round trip unchanged. A fractional date assigned later is written rounded down.
public struct StoryRecord: Codable, Sendable, Equatable {
    /// The schema identifier this module writes and reads. Additive changes keep `/1`; removing a field or changing
    /// a field's meaning moves to `/2`.
    public static let schemaIdentifier = "newsd.story/1"

    /// The record's schema identifier, always ``schemaIdentifier``.
    public var schema: String { Self.schemaIdentifier }
    /// The story's stable identifier; every revision of a story has the same one.
    public var storyID: String
    /// The revision of this story, starting at 1; a higher revision replaces every lower one.
    public var revision: Int
    /// The spool file name of the previous revision's record, or `nil` for revision 1.
    public var supersedes: String?
    /// When newsd wrote this record; it also fixes the record's spool file name.
    public var writtenAt: Date
    /// The story's headline.
    public var title: String
    /// The author line of the copy whose text this is, if it had one.
    public var byline: String?
    /// The publication date of the copy whose text this is, if known.
    public var published: Date?
    /// The canonical URL of the copy whose text this is.
    public var canonicalURL: String
    /// The source id of the copy whose text this is.
    public var source: String
    /// The language of the text (a BCP 47 tag such as `en` or `pt-BR`), if known.
    public var language: String?
    /// The story's body text, one string per paragraph, in reading order.
    public var paragraphs: [String]
    /// Image captions found with the text, in reading order.
    public var captions: [String]
    /// Every URL and source known to carry this story, including the one whose text this is.
    public var copies: [StoryCopy]
    /// Ids of other stories that share a passage with this one without being the same story.
    public var related: [String]
    /// What the page of the copy whose text this is says besides its body; `nil` in records written before
    /// newsd read it.
    public var page: StoryPage?
    /// Stories folded into this one by a copy that bridged them, each with its last record: those records (and
    /// every earlier revision of those stories) are superseded by this record.
    public var mergedStories: [MergedStory] = []

    /// Creates a record. `revision` must be at least 1; dates are truncated to whole seconds.
    public init(
        storyID: String,
        revision: Int,
        supersedes: String?,
        writtenAt: Date,
        title: String,
        byline: String?,
        published: Date?,
        canonicalURL: String,
        source: String,
        language: String?,
        paragraphs: [String],
        captions: [String],
        copies: [StoryCopy],
        related: [String],
        page: StoryPage? = nil
    ) {
        precondition(revision >= 1, "a story's revision starts at 1, got \(revision)")
        self.storyID = storyID
        self.revision = revision
        self.supersedes = supersedes
        self.writtenAt = RecordDate.wholeSeconds(writtenAt)
        self.title = title
        self.byline = byline
        self.published = published.map(RecordDate.wholeSeconds)
        self.canonicalURL = canonicalURL
        self.source = source
        self.language = language
        self.paragraphs = paragraphs
        self.captions = captions
        self.copies = copies
        self.related = related
        self.page = page
    }

    enum CodingKeys: String, CodingKey {
        case schema
        case storyID = "story_id"
        case revision
        case supersedes
        case writtenAt = "written_at"
        case title
        case byline
        case published
        case canonicalURL = "canonical_url"
        case source
        case language
        case paragraphs
        case captions
        case copies
        case related
        case page
        case mergedStories = "merged_stories"
    }

    /// Decodes a record, refusing any schema other than ``schemaIdentifier``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try container.decodeIfPresent(String.self, forKey: .schema)
        guard schema == Self.schemaIdentifier else {
            throw DecodingError.dataCorruptedError(
                forKey: .schema, in: container,
                debugDescription: StoryRecordError.unsupportedSchema(found: schema).description
            )
        }
        let revision = try container.decode(Int.self, forKey: .revision)
        guard revision >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .revision, in: container, debugDescription: "revision must be at least 1, found \(revision)"
            )
        }
        self.storyID = try container.decode(String.self, forKey: .storyID)
        self.revision = revision
        self.supersedes = try container.decodeIfPresent(String.self, forKey: .supersedes)
        self.writtenAt = try RecordDate.decode(from: container, forKey: .writtenAt)
        self.title = try container.decode(String.self, forKey: .title)
        self.byline = try container.decodeIfPresent(String.self, forKey: .byline)
        self.published = try RecordDate.decodeIfPresent(from: container, forKey: .published)
        self.canonicalURL = try container.decode(String.self, forKey: .canonicalURL)
        self.source = try container.decode(String.self, forKey: .source)
        self.language = try container.decodeIfPresent(String.self, forKey: .language)
        self.paragraphs = try container.decode([String].self, forKey: .paragraphs)
        self.captions = try container.decode([String].self, forKey: .captions)
        self.copies = try container.decode([StoryCopy].self, forKey: .copies)
        self.related = try container.decode([String].self, forKey: .related)
        self.page = try container.decodeIfPresent(StoryPage.self, forKey: .page)
        self.mergedStories = try container.decodeIfPresent([MergedStory].self, forKey: .mergedStories) ?? []
    }

    /// Encodes every field, writing `null` for absent optionals rather than leaving the key out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(storyID, forKey: .storyID)
        try container.encode(revision, forKey: .revision)
        try container.encodeOrNull(supersedes, forKey: .supersedes)
        try container.encode(RecordDate.format(writtenAt), forKey: .writtenAt)
        try container.encode(title, forKey: .title)
        try container.encodeOrNull(byline, forKey: .byline)
        try container.encodeOrNull(published.map(RecordDate.format), forKey: .published)
        try container.encode(canonicalURL, forKey: .canonicalURL)
        try container.encode(source, forKey: .source)
        try container.encodeOrNull(language, forKey: .language)
        try container.encode(paragraphs, forKey: .paragraphs)
        try container.encode(captions, forKey: .captions)
        try container.encode(copies, forKey: .copies)
        try container.encode(related, forKey: .related)
        try container.encodeOrNull(page, forKey: .page)
        try container.encode(mergedStories, forKey: .mergedStories)
    }

    /// The record's spool form: pretty-printed UTF-8 JSON with sorted keys and a final newline.
    ///
    /// The output is deterministic, so encoding the same record twice gives the same bytes.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
        } catch {
            // Only non-finite floating-point values can make JSONEncoder fail, and a record has none.
            preconditionFailure("a StoryRecord always encodes: \(error)")
        }
    }

    /// Reads a record from its JSON bytes, checking first that it is a `newsd.story/1` record.
    ///
    /// - Throws: ``StoryRecordError/unsupportedSchema(found:)`` when the bytes are JSON of another schema (or none),
    ///   ``StoryRecordError/malformed(field:reason:)`` when they are not JSON or a field is missing or mistyped.
    public static func decode(from bytes: [UInt8]) throws(StoryRecordError) -> StoryRecord {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let probe: SchemaProbe
        do {
            probe = try decoder.decode(SchemaProbe.self, from: data)
        } catch {
            throw .malformed(field: nil, reason: "not a JSON object")
        }
        guard probe.schema == schemaIdentifier else {
            throw .unsupportedSchema(found: probe.schema)
        }
        do {
            return try decoder.decode(StoryRecord.self, from: data)
        } catch let error as DecodingError {
            throw StoryRecordError(error)
        } catch {
            throw .malformed(field: nil, reason: "\(error)")
        }
    }
}

/// One URL that carries a story, as fetched from one source.
public struct StoryCopy: Codable, Sendable, Equatable {
    /// The page URL of this copy (after redirects).
    public var url: String
    /// The source id this copy was found through.
    public var source: String
    /// The copy's own headline, if it had one.
    public var title: String?
    /// The feed item's identity (GUID, id or link) within its source.
    public var itemID: String
    /// The copy's publication date, if known.
    public var published: Date?
    /// When newsd fetched this copy.
    public var fetchedAt: Date
    /// How many paragraphs the copy has.
    public var paragraphCount: Int
    /// How many of the copy's paragraphs the story's text contained when the copy joined.
    public var sharedParagraphs: Int
    /// Provenance against the story's text when the copy joined (indices from 0): the copy's paragraphs the text
    /// carried, the copy's paragraphs it did not (additions: a local angle, an editor's note), and the text's
    /// paragraphs the copy lacks (a trimmed end). A paragraph counts as carried when most of its shingles are,
    /// so re-wrapped and retyped paragraphs still count. Empty for the story's first copy.
    public var sharesParagraphs: [Int] = []
    public var addsParagraphs: [Int] = []
    public var lacksParagraphs: [Int] = []
    /// Why the copy joined: the overlap the verification measured, or `nil` for the story's first copy.
    public var match: CopyMatch?

    /// Creates a copy description; dates are truncated to whole seconds.
    public init(
        url: String,
        source: String,
        title: String?,
        itemID: String,
        published: Date?,
        fetchedAt: Date,
        paragraphCount: Int,
        sharedParagraphs: Int
    ) {
        self.url = url
        self.source = source
        self.title = title
        self.itemID = itemID
        self.published = published.map(RecordDate.wholeSeconds)
        self.fetchedAt = RecordDate.wholeSeconds(fetchedAt)
        self.paragraphCount = paragraphCount
        self.sharedParagraphs = sharedParagraphs
    }

    enum CodingKeys: String, CodingKey {
        case url
        case source
        case title
        case itemID = "item_id"
        case published
        case fetchedAt = "fetched_at"
        case paragraphCount = "paragraph_count"
        case sharedParagraphs = "shared_paragraphs"
        case sharesParagraphs = "shares_paragraphs"
        case addsParagraphs = "adds_paragraphs"
        case lacksParagraphs = "lacks_paragraphs"
        case match
    }

    /// Decodes a copy from its snake_case JSON form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.url = try container.decode(String.self, forKey: .url)
        self.source = try container.decode(String.self, forKey: .source)
        self.title = try container.decodeIfPresent(String.self, forKey: .title)
        self.itemID = try container.decode(String.self, forKey: .itemID)
        self.published = try RecordDate.decodeIfPresent(from: container, forKey: .published)
        self.fetchedAt = try RecordDate.decode(from: container, forKey: .fetchedAt)
        self.paragraphCount = try container.decode(Int.self, forKey: .paragraphCount)
        self.sharedParagraphs = try container.decode(Int.self, forKey: .sharedParagraphs)
        self.sharesParagraphs = try container.decodeIfPresent([Int].self, forKey: .sharesParagraphs) ?? []
        self.addsParagraphs = try container.decodeIfPresent([Int].self, forKey: .addsParagraphs) ?? []
        self.lacksParagraphs = try container.decodeIfPresent([Int].self, forKey: .lacksParagraphs) ?? []
        self.match = try container.decodeIfPresent(CopyMatch.self, forKey: .match)
    }

    /// Encodes every field, writing `null` for absent optionals.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url, forKey: .url)
        try container.encode(source, forKey: .source)
        try container.encodeOrNull(title, forKey: .title)
        try container.encode(itemID, forKey: .itemID)
        try container.encodeOrNull(published.map(RecordDate.format), forKey: .published)
        try container.encode(RecordDate.format(fetchedAt), forKey: .fetchedAt)
        try container.encode(paragraphCount, forKey: .paragraphCount)
        try container.encode(sharedParagraphs, forKey: .sharedParagraphs)
        try container.encode(sharesParagraphs, forKey: .sharesParagraphs)
        try container.encode(addsParagraphs, forKey: .addsParagraphs)
        try container.encode(lacksParagraphs, forKey: .lacksParagraphs)
        try container.encodeOrNull(match, forKey: .match)
    }
}

/// The overlap that made a copy join its story, as the dedupe verification measured it on sampled word shingles.
public struct CopyMatch: Codable, Sendable, Equatable {
    /// Sampled shingles the copy shared with the closest copy already in the story (boilerplate left out).
    public var sharedShingles: Int
    /// Sampled shingles of this copy, and of that closest copy.
    public var copyShingles: Int
    public var storyShingles: Int
    /// Containment in the better direction: shared over the smaller of the two.
    public var containment: Double
    /// Stories this copy bridged: they were folded into this one when it joined.
    public var bridged: [String]

    public init(sharedShingles: Int, copyShingles: Int, storyShingles: Int, containment: Double, bridged: [String]) {
        self.sharedShingles = sharedShingles
        self.copyShingles = copyShingles
        self.storyShingles = storyShingles
        self.containment = (containment * 1000).rounded() / 1000
        self.bridged = bridged
    }

    enum CodingKeys: String, CodingKey {
        case sharedShingles = "shared_shingles"
        case copyShingles = "copy_shingles"
        case storyShingles = "story_shingles"
        case containment
        case bridged
    }
}

/// A story folded into another by a bridging copy, and the last record it had.
public struct MergedStory: Codable, Sendable, Equatable {
    /// The folded story's id; it gets no further records.
    public var storyID: String
    /// Its last revision, and that revision's spool file name.
    public var revision: Int
    public var record: String

    public init(storyID: String, revision: Int, record: String) {
        self.storyID = storyID
        self.revision = revision
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case storyID = "story_id"
        case revision
        case record
    }
}

/// Just enough of a record to read its schema before trusting the rest.
private struct SchemaProbe: Decodable {
    var schema: String?
}

/// The record's date form: ISO 8601 in UTC, whole seconds.
enum RecordDate {
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    static func format(_ date: Date) -> String {
        wholeSeconds(date).formatted(.iso8601)
    }

    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) {
            return wholeSeconds(date)
        }
        let fractional = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: true)
        return (try? Date(text, strategy: fractional)).map(wholeSeconds)
    }

    static func decode<Key: CodingKey>(
        from container: KeyedDecodingContainer<Key>, forKey key: Key
    ) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "\"\(text)\" is not an ISO 8601 date such as 2026-11-23T10:31:28Z"
            )
        }
        return date
    }

    static func decodeIfPresent<Key: CodingKey>(
        from container: KeyedDecodingContainer<Key>, forKey key: Key
    ) throws -> Date? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        return try decode(from: container, forKey: key)
    }
}

extension KeyedEncodingContainer {
    /// Writes the value, or an explicit `null` when it is absent.
    mutating func encodeOrNull<Value: Encodable>(_ value: Value?, forKey key: Key) throws {
        if let value {
            try encode(value, forKey: key)
        } else {
            try encodeNil(forKey: key)
        }
    }
}
