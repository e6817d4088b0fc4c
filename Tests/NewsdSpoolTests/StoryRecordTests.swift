import Foundation
import Testing
@testable import NewsdSpool

@Suite("StoryRecord")
struct StoryRecordTests {
    @Test("a record survives encoding and decoding unchanged")
    func roundTrip() throws {
        let record = Sample.record(revision: 2, supersedes: "1795429000000.s-4f2a9c.r1.json")
        #expect(try StoryRecord.decode(from: record.encoded()) == record)
    }

    @Test("a record with every optional absent survives encoding and decoding unchanged")
    func sparseRoundTrip() throws {
        let record = Sample.sparseRecord()
        #expect(try StoryRecord.decode(from: record.encoded()) == record)
    }

    @Test("the JSON has every documented key, writing absent optionals as null")
    func everyKeyPresent() throws {
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(Sample.sparseRecord().encoded())) as? [String: Any]
        )
        #expect(Set(json.keys) == [
            "schema", "story_id", "revision", "supersedes", "written_at", "title", "byline", "published",
            "canonical_url", "source", "language", "paragraphs", "captions", "copies", "related", "page",
            "merged_stories",
        ])
        for key in ["supersedes", "byline", "published", "language", "page"] {
            #expect(json[key] is NSNull, "\(key) should be an explicit null")
        }
        let copy = try #require((json["copies"] as? [[String: Any]])?.first)
        #expect(Set(copy.keys) == [
            "url", "source", "title", "item_id", "published", "fetched_at", "paragraph_count", "shared_paragraphs",
            "shares_paragraphs", "adds_paragraphs", "lacks_paragraphs", "match",
        ])
        #expect(copy["match"] is NSNull)
        #expect(copy["title"] is NSNull)
        #expect(copy["published"] is NSNull)
    }

    @Test("the schema field is newsd.story/1")
    func schemaField() throws {
        let json = try JSONSerialization.jsonObject(with: Data(Sample.record().encoded())) as? [String: Any]
        #expect(json?["schema"] as? String == "newsd.story/1")
    }

    @Test("dates are written as ISO 8601 UTC with whole seconds")
    func dateFormat() throws {
        let record = Sample.record(writtenAt: Date(timeIntervalSince1970: 1_795_429_888.75))
        let text = String(decoding: record.encoded(), as: UTF8.self)
        #expect(text.contains(#""written_at" : "2026-11-23T10:31:28Z""#))
    }

    @Test("keys are written in sorted order")
    func sortedKeys() throws {
        let text = String(decoding: Sample.record().encoded(), as: UTF8.self)
        let keys = text.split(separator: "\n")
            .filter { $0.hasPrefix("  \"") }
            .map { $0.dropFirst(3).prefix { $0 != "\"" } }
        #expect(keys == keys.sorted())
        #expect(keys.count == 17)
    }

    @Test("encoding the same record twice gives the same bytes")
    func deterministic() {
        #expect(Sample.record().encoded() == Sample.record().encoded())
    }

    @Test("decoding a record of another schema names the schema it found")
    func otherSchema() throws {
        let bytes = Array(#"{"schema": "newsd.story/2", "story_id": "x"}"#.utf8)
        #expect(throws: StoryRecordError.unsupportedSchema(found: "newsd.story/2")) {
            try StoryRecord.decode(from: bytes)
        }
        let error = StoryRecordError.unsupportedSchema(found: "newsd.story/2")
        #expect(error.description.contains("newsd.story/2"))
        #expect(error.description.contains("newsd.story/1"))
    }

    @Test("decoding JSON without a schema says it is not a story record")
    func missingSchema() throws {
        #expect(throws: StoryRecordError.unsupportedSchema(found: nil)) {
            try StoryRecord.decode(from: Array(#"{"title": "x"}"#.utf8))
        }
    }

    @Test("decoding a record with a missing field names the field")
    func missingField() throws {
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(Sample.record().encoded())) as? [String: Any]
        )
        json["paragraphs"] = nil
        let bytes = Array(try JSONSerialization.data(withJSONObject: json))
        #expect(throws: StoryRecordError.malformed(field: "paragraphs", reason: "missing")) {
            try StoryRecord.decode(from: bytes)
        }
    }

    @Test("decoding bytes that are not JSON says so")
    func notJSON() throws {
        #expect(throws: StoryRecordError.malformed(field: nil, reason: "not a JSON object")) {
            try StoryRecord.decode(from: Array("hello".utf8))
        }
    }

    @Test("the file name is <unix-ms>.<story_id>.r<revision>.json")
    func fileName() {
        let record = Sample.record(revision: 3)
        #expect(SpoolWriter.fileName(for: record) == "1795429888000.s-4f2a9c.r3.json")
    }

    @Test("file names escape characters that could break a path")
    func fileNameEscaping() {
        let record = Sample.record(storyID: "a/b:c.d")
        let name = SpoolWriter.fileName(for: record)
        #expect(name == "1795429888000.a%2Fb%3Ac%2Ed.r1.json")
        #expect(!name.contains("/") && !name.contains(":"))
    }
}
