import Foundation
import NewsdFeed
import Testing

@Suite("feedparser-shaped JSON")
struct FeedparserJSONTests {
    static let oneItem = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel>
        <title>Harbour Gazette</title><link>https://gazette.example/</link>
        <item>
        <title>Ferry timetable</title>
        <link>https://gazette.example/ferry</link>
        <guid isPermaLink="false">ferry-1</guid>
        <description>&lt;p&gt;Winter times.&lt;/p&gt;</description>
        <author>tom@gazette.example</author>
        <pubDate>Mon, 23 Nov 2026 09:15:00 +0100</pubDate>
        <category>Transport</category>
        <enclosure url="https://gazette.example/ferry.mp3" type="audio/mpeg" length="42"/>
        </item>
        </channel></rss>
        """

    private func json(_ feed: Feed) throws -> [String: Any] {
        let data = Data(FeedparserJSON.bytes(feed))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("writes one RSS item in feedparser's shape, omitting absent keys")
    func rssItemShape() throws {
        let root = try json(parseFeed(Self.oneItem, url: "https://gazette.example/feed.xml"))
        #expect(root["bozo"] as? Int == 0)
        #expect(root["bozo_exception"] == nil)
        #expect(root["version"] as? String == "rss20")
        #expect(root["encoding"] as? String == "utf-8")
        let feed = try #require(root["feed"] as? [String: Any])
        #expect(feed["title"] as? String == "Harbour Gazette")
        #expect(feed["link"] as? String == "https://gazette.example/")
        let entries = try #require(root["entries"] as? [[String: Any]])
        let entry = try #require(entries.first)
        #expect(Set(entry.keys) == [
            "title", "title_detail", "link", "links", "id", "guidislink", "published", "published_parsed", "summary",
            "summary_detail", "author", "author_detail", "authors", "tags", "category", "enclosures",
        ])
        #expect(entry["guidislink"] as? Bool == false)
        #expect(entry["author_detail"] as? [String: String] == ["email": "tom@gazette.example"])
        let summary = try #require(entry["summary_detail"] as? [String: Any])
        #expect(summary["type"] as? String == "text/html")
        #expect(summary["base"] as? String == "https://gazette.example/feed.xml")
        #expect(summary["language"] is NSNull)
        #expect(entry["title"] as? String == "Ferry timetable")
        #expect(entry["id"] as? String == "ferry-1")
        #expect(entry["summary"] as? String == "<p>Winter times.</p>")
        #expect(entry["published"] as? String == "Mon, 23 Nov 2026 09:15:00 +0100")
        #expect(entry["published_parsed"] as? String == "2026-11-23T08:15:00Z")
        let tags = try #require(entry["tags"] as? [[String: Any]])
        #expect(tags.map { $0["term"] as? String } == ["Transport"])
        #expect(tags.first?["scheme"] is NSNull)
        #expect(entry["category"] as? String == "Transport")
        #expect(entry["enclosures"] as? [[String: String]] == [
            ["href": "https://gazette.example/ferry.mp3", "type": "audio/mpeg", "length": "42"],
        ])
        #expect(entry["links"] as? [[String: String]] == [
            ["rel": "alternate", "type": "text/html", "href": "https://gazette.example/ferry"],
            ["rel": "enclosure", "type": "audio/mpeg", "href": "https://gazette.example/ferry.mp3", "length": "42"],
        ])
    }

    @Test("writes content as a list of {type, value}")
    func contentList() throws {
        let root = try json(Fixture.feed("rss20", url: "https://gazette.example/feed.xml"))
        let entries = try #require(root["entries"] as? [[String: Any]])
        let content = try #require(entries[1]["content"] as? [[String: String]])
        #expect(content.count == 1)
        #expect(content.first?["type"] == "text/html")
        #expect(content.first?["value"]?.hasPrefix("<p>After two years") == true)
    }

    @Test("sets bozo to 1 and names the first problem for a malformed feed")
    func bozo() throws {
        let root = try json(Fixture.feed("malformed", url: "https://broken.example/rss"))
        #expect(root["bozo"] as? Int == 1)
        #expect((root["bozo_exception"] as? String)?.isEmpty == false)
    }

    @Test("sorts keys and escapes strings")
    func sortedAndEscaped() throws {
        let feed = Feed(format: .atom10, title: "Quote \" and\nnewline", items: [])
        let text = FeedparserJSON.string(feed)
        #expect(text == #"{"bozo":0,"entries":[],"feed":{"title":"Quote \" and\nnewline","title_detail":{"base":"","#
            + #""language":null,"type":"text/plain","value":"Quote \" and\nnewline"}},"version":"atom10"}"#)
    }
}
