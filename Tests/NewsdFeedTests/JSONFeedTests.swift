import Foundation
import NewsdFeed
import Testing

@Suite("JSON Feed")
struct JSONFeedTests {
    let url = "https://json.example/feed.json"

    @Test("reads the feed's title, home page, feed URL, description, language and authors")
    func channel() throws {
        let feed = try Fixture.feed("jsonfeed-1.1", "json", url: url)
        #expect(feed.title == "Harbour JSON")
        #expect(feed.link == "https://json.example/")
        #expect(feed.links.contains(FeedLink(rel: "self", href: "https://json.example/feed.json",
                                             type: "application/feed+json")))
        #expect(feed.subtitle == "News as JSON")
        #expect(feed.language == "en-GB")
        #expect(feed.header.authors == [FeedPerson(name: "Ada Quay", href: "https://json.example/ada")])
    }

    @Test("reads an item's id, resolved URL, title, HTML content, summary, dates, tags and attachments")
    func item() throws {
        let item = try #require(try Fixture.feed("jsonfeed-1.1", "json", url: url).items.first)
        #expect(item.id == "1")
        #expect(item.link == "https://json.example/stories/1")
        #expect(item.title == "Ferry back on time")
        #expect(item.content == "<p>The ferry <a href=\"https://json.example/timetable\">timetable</a> holds.</p>")
        #expect(item.summary == "Ferry on time")
        #expect(item.published == utc("2026-11-21T07:00:00Z"))
        #expect(item.updated == utc("2026-11-21T09:30:00Z"))
        #expect(item.tags.map(\.term) == ["transport", "ferry"])
        #expect(item.enclosures == [FeedEnclosure(href: "https://json.example/audio/1.mp3", type: "audio/mpeg",
                                                  length: "4096")])
    }

    @Test("a numeric id is read as text, content_text as plain content, and an impossible date as no date")
    func secondItem() throws {
        let item = try Fixture.feed("jsonfeed-1.1", "json", url: url).items[1]
        #expect(item.id == "2")
        #expect(item.contents == [FeedText(value: "Plain text only.", base: url)])
        #expect(item.content == "Plain text only.")
        #expect(item.publishedText == "2026-02-30T08:00:00Z")
        #expect(item.published == nil)
    }

    @Test("JSON Feed 1.0's single author is read")
    func version10Author() throws {
        let feed = try Fixture.feed("jsonfeed-1.0", "json", url: "https://old.example/feed.json")
        #expect(feed.author == "Tom Pier")
        #expect(feed.items.first?.identity == "a")
    }

    @Test("JSON without a jsonfeed.org version is notAFeed, naming the URL")
    func notJSONFeed() {
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Array(#"{"items": []}"#.utf8), url: "https://api.example/data.json")
        }
        #expect(error?.kind == .notAFeed)
        #expect(error?.description.contains("https://api.example/data.json") == true)
        #expect(error?.description.contains("not a JSON Feed") == true)
    }

    @Test("broken JSON is unparsable, naming the URL")
    func brokenJSON() {
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Array(#"{"version": "https://jsonfeed.org/version/1.1", "items": ["#.utf8),
                                   url: "https://json.example/broken.json")
        }
        #expect(error?.kind == .unparsable)
        #expect(error?.description.contains("https://json.example/broken.json") == true)
    }
}
