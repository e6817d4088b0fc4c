import Foundation
import NewsdFeed
import Testing

@Suite("Atom 1.0")
struct AtomFeedTests {
    let url = "https://observatoire.example/feeds/atom.xml"

    @Test("reads the feed's title, subtitle, link, id, updated, language and author")
    func feed() throws {
        let feed = try Fixture.feed("atom10", url: url)
        #expect(feed.format == .atom10)
        #expect(feed.warnings.isEmpty)
        #expect(feed.title == "L\u{2019}Observatoire du Nord")
        #expect(feed.subtitle == "Notes from the northern observatory")
        #expect(feed.link == "https://observatoire.example/blog/")
        #expect(feed.id == "tag:observatoire.example,2026:blog")
        #expect(feed.updated == utc("2026-11-23T08:00:00Z"))
        #expect(feed.language == "fr-CA")
        #expect(feed.header.authors.first?.name == "Irène Lune")
        #expect(feed.author == "Irène Lune (irene@observatoire.example)")
    }

    @Test("reads an entry's id, title, dates, author, category, HTML summary and XHTML content")
    func entry() throws {
        let entry = try #require(try Fixture.feed("atom10", url: url).items.first)
        #expect(entry.id == "tag:observatoire.example,2026:aurora")
        #expect(entry.title == "Aurora over the ridge")
        #expect(entry.published == utc("2026-11-23T04:10:00Z"))
        #expect(entry.updated == utc("2026-11-23T06:00:00.250Z"))
        #expect(entry.author == "Irène Lune")
        #expect(entry.tags == [FeedTag(term: "sky", scheme: "https://observatoire.example/tags", label: "Sky")])
        #expect(entry.summary == "<p>Green curtains at <b>midnight</b>.</p>")
        #expect(entry.content == "<p>The aurora <em>danced</em> <strong>again</strong>.</p>")
        #expect(entry.contentType == "application/xhtml+xml")
    }

    @Test("resolves link hrefs against nested xml:base attributes")
    func nestedXMLBase() throws {
        let feed = try Fixture.feed("atom10", url: url)
        let entry = try #require(feed.items.first)
        #expect(entry.link == "https://observatoire.example/blog/posts/2026/aurora.html")
        #expect(entry.enclosures == [
            FeedEnclosure(href: "https://observatoire.example/blog/posts/2026/aurora.jpg", type: "image/jpeg",
                          length: "2048"),
        ])
        #expect(feed.links.contains { $0.rel == "self" && $0.href == "https://observatoire.example/feeds/atom.xml" })
    }

    @Test("keeps the space between inline elements of an XHTML title")
    func xhtmlTitle() throws {
        let entry = try Fixture.feed("atom10", url: url).items[1]
        #expect(entry.title == "Comet sighting")
    }

    @Test("reads type=\"text\" content as plain text, which is escaped when asked for as HTML")
    func textContent() throws {
        let entry = try Fixture.feed("atom10", url: url).items[1]
        #expect(entry.contents.first?.value == "Plain <text> only.")
        #expect(entry.content == "Plain &lt;text&gt; only.")
        #expect(entry.contentType == "text/plain")
        #expect(entry.link == "https://elsewhere.example/comet")
    }

    @Test("reads Atom 0.3's issued and modified dates")
    func atom03() throws {
        let feed = try parseFeed("""
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>old</title>
            <entry><id>x</id><title>e</title><issued>2004-01-02T03:04:05Z</issued>
            <modified>2004-01-03T00:00:00Z</modified></entry></feed>
            """)
        #expect(feed.format == .atom03)
        #expect(feed.items.first?.published == utc("2004-01-02T03:04:05Z"))
        #expect(feed.items.first?.updated == utc("2004-01-03T00:00:00Z"))
    }
}
