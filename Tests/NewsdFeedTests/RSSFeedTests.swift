import Foundation
import NewsdFeed
import Testing

@Suite("RSS 2.0")
struct RSSFeedTests {
    let url = "https://gazette.example/feed.xml"

    @Test("sniffs <rss version=\"2.0\"> as rss20 and reads a well-formed feed without warnings")
    func format() throws {
        let feed = try Fixture.feed("rss20", url: url)
        #expect(feed.format == .rss20)
        #expect(feed.warnings.isEmpty)
        #expect(feed.encoding == "utf-8")
        #expect(feed.items.count == 3)
    }

    @Test("reads the channel's title, link, description, language, editor and build date")
    func channel() throws {
        let feed = try Fixture.feed("rss20", url: url)
        #expect(feed.title == "Harbour Gazette & Tide Tables")
        #expect(feed.link == "https://gazette.example/")
        #expect(feed.subtitle == "Local news from the harbour town.")
        #expect(feed.language == "en-gb")
        #expect(feed.author == "editor@gazette.example (Ada Quay)")
        #expect(feed.updated == utc("2026-11-23T10:31:00Z"))
        #expect(feed.updatedText == "Mon, 23 Nov 2026 10:31:00 GMT")
        #expect(feed.links.contains(FeedLink(rel: "self", href: url, type: "application/rss+xml")))
    }

    @Test("reads an item's guid, link, plain-text title, HTML description, author, date, category and enclosure")
    func item() throws {
        let item = try #require(try Fixture.feed("rss20", url: url).items.first)
        #expect(item.id == "gazette-2026-1123-ferry")
        #expect(item.link == "https://gazette.example/news/ferry-winter")
        #expect(item.title == "Ferry timetable changes for winter")
        #expect(item.summary == "<p>The winter timetable starts on <em>1 December</em>.</p>")
        #expect(item.author == "ferries@gazette.example (Tom Pier)")
        #expect(item.published == utc("2026-11-23T09:15:00Z"))
        #expect(item.tags == [FeedTag(term: "Transport", scheme: "https://gazette.example/sections")])
        #expect(item.enclosures == [
            FeedEnclosure(href: "https://gazette.example/media/ferry.mp3", type: "audio/mpeg", length: "123456"),
        ])
        #expect(item.identity == "gazette-2026-1123-ferry")
    }

    @Test("uses a permalink <guid> as the link when the item has no <link>")
    func permalinkGuid() throws {
        let item = try Fixture.feed("rss20", url: url).items[1]
        #expect(item.id == "https://gazette.example/news/lighthouse")
        #expect(item.link == "https://gazette.example/news/lighthouse")
    }

    @Test("does not use a <guid isPermaLink=\"false\"> as the link")
    func nonPermalinkGuid() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><guid isPermaLink="false">https://feeds.example/not-a-page</guid></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.link == nil)
    }

    @Test("reads content:encoded as the item's HTML content, dc:creator as author and dc:date as updated")
    func dublinCoreAndContent() throws {
        let item = try Fixture.feed("rss20", url: url).items[1]
        #expect(item.content
            == "<p>After two years of repairs, the lamp is lit again.</p><p>Visits resume in spring.</p>")
        #expect(item.contentType == "text/html")
        #expect(item.summary == "<p>After <b>two years</b> of repairs.</p>")
        #expect(item.author == "Mara Beacon")
        #expect(item.updated == utc("2026-11-22T17:00:00Z"))
        #expect(item.updatedText == "2026-11-22T18:00:00+01:00")
    }

    @Test("resolves a relative item link against the feed's own URL")
    func relativeLink() throws {
        let item = try Fixture.feed("rss20", url: url).items[2]
        #expect(item.link == "https://gazette.example/news/harbour-wall")
    }

    @Test("resolves a relative link against xml:base before the feed's URL")
    func xmlBaseInRSS() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel xml:base="https://mirror.example/archive/"><title>t</title>
            <item><title>a</title><link>2026/a.html</link></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.link == "https://mirror.example/archive/2026/a.html")
    }

    @Test("takes the link from atom:link when an RSS item has no <link>")
    func atomLinkInRSS() throws {
        let feed = try parseFeed("""
            <rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>t</title>
            <item><title>a</title><atom:link rel="alternate" href="/posts/a"/></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.link == "https://feeds.example/posts/a")
    }

    @Test("keeps markup written unescaped inside <description>")
    func unescapedDescription() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>t</title>
            <item><title>a</title><description><p>One &amp; <b>two</b></p></description></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.summary == "<p>One &amp; <b>two</b></p>")
    }

    @Test("names RSS 0.91 and 0.92 as feedparser does")
    func olderVersions() throws {
        let v091 = try parseFeed(#"<rss version="0.91"><channel><title>t</title></channel></rss>"#)
        let v092 = try parseFeed(#"<rss version="0.92"><channel><title>t</title></channel></rss>"#)
        #expect(v091.format == .rss091Userland)
        #expect(v092.format.feedparserVersion == "rss092")
    }
}
