import Foundation
import NewsdFeed
import Testing

@Suite("Namespaces that carry article data")
struct NamespaceTests {
    let url = "https://pics.example/feed"

    @Test("atom:link inside RSS gives the channel's links and its alternate link")
    func atomLinkInRSS() throws {
        let feed = try Fixture.feed("media", url: url)
        #expect(feed.link == "https://pics.example/")
        #expect(feed.links.contains(FeedLink(rel: "self", href: "https://pics.example/feed",
                                             type: "application/rss+xml")))
    }

    @Test("every dc:creator is an author, in order")
    func dublinCoreCreators() throws {
        let item = try #require(try Fixture.feed("media", url: url).items.first)
        #expect(item.authors.map(\.name) == ["Tom Pier", "Mara Beacon"])
        #expect(item.author == "Tom Pier")
    }

    @Test("dc:publisher written as 'name (email)' is split into name and e-mail")
    func publisherDetail() throws {
        let feed = try Fixture.feed("media", url: url)
        #expect(feed.header.publisher?.name == "Harbour Press")
        #expect(feed.header.publisher?.email == "desk@pics.example")
        #expect(feed.header.publisher?.display == "Harbour Press (desk@pics.example)")
    }

    @Test("dc:subject and <category domain> both become tags, with the domain as scheme")
    func categories() throws {
        let item = try #require(try Fixture.feed("media", url: url).items.first)
        #expect(item.tags == [FeedTag(term: "Weather"),
                              FeedTag(term: "Photos", scheme: "https://pics.example/sections")])
    }

    @Test("a comma-separated <tags> element gives one tag per term, before later categories")
    func tagsElement() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><item><tags>harbour, ferry ,</tags><category>Transport</category></item>
            </channel></rss>
            """)
        #expect(feed.items.first?.tags.map(\.term) == ["harbour", "ferry", "Transport"])
    }

    @Test("media:content is an enclosure and media:thumbnail a thumbnail")
    func mediaRSS() throws {
        let item = try #require(try Fixture.feed("media", url: url).items.first)
        #expect(item.enclosures == [FeedEnclosure(href: "https://cdn.pics.example/storm.jpg", type: "image/jpeg",
                                                  length: "52000")])
        #expect(item.thumbnails == ["https://cdn.pics.example/storm-small.jpg"])
    }

    @Test("content:encoded is HTML content in normal form, its relative links resolved; it stands in as summary")
    func contentEncoded() throws {
        let item = try #require(try Fixture.feed("media", url: url).items.first)
        #expect(item.content == "<p>Waves <a href=\"https://pics.example/gallery\">gallery</a><br />more</p>")
        #expect(item.contentType == "text/html")
        #expect(item.summary == item.content)
    }

    @Test("an element newsd does not model is kept by its feedparser name, URLs resolved")
    func extensions() throws {
        let item = try #require(try Fixture.feed("media", url: url).items.first)
        #expect(item.extensions["comments"] == .text("https://pics.example/storm#comments"))
    }

    @Test("an RSS 2.0 feed whose root declares a default namespace reads its elements as core RSS")
    func defaultNamespace() throws {
        let feed = try parseFeed("""
            <rss version="2.0" xmlns="http://backend.userland.com/rss2"><channel><title>NS</title>
            <item><title>In a namespace</title></item></channel></rss>
            """)
        #expect(feed.title == "NS")
        #expect(feed.items.first?.title == "In a namespace")
    }
}
