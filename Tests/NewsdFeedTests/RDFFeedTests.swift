import Foundation
import NewsdFeed
import Testing

@Suite("RSS 1.0 (RDF)")
struct RDFFeedTests {
    let url = "https://almanac.example/rss"

    @Test("reads the channel's title, link, rdf:about, dc:language and dc:date")
    func channel() throws {
        let feed = try Fixture.feed("rss10", url: url)
        #expect(feed.format == .rss10)
        #expect(feed.warnings.isEmpty)
        #expect(feed.title == "Garden Almanac")
        #expect(feed.link == "https://almanac.example/")
        #expect(feed.id == "https://almanac.example/rss")
        #expect(feed.subtitle == "What to sow this week.")
        #expect(feed.language == "nl")
        #expect(feed.updated == utc("2026-11-23T00:00:00Z"))
    }

    @Test("reads items beside the channel, with rdf:about as id and Dublin Core fields")
    func item() throws {
        let feed = try Fixture.feed("rss10", url: url)
        #expect(feed.items.count == 1)
        let item = try #require(feed.items.first)
        #expect(item.id == "https://almanac.example/week-48")
        #expect(item.link == "https://almanac.example/week-48")
        #expect(item.title == "Week 48: garlic")
        #expect(item.summary == "Plant garlic before the frost.")
        #expect(item.content == "<p>Plant <b>garlic</b> before the frost.</p>")
        #expect(item.author == "Jan Spade")
        #expect(item.updated == utc("2026-11-23T06:30:00Z"), "dc:date is the date the item last changed")
        #expect(item.tags == [FeedTag(term: "bulbs")])
    }
}
