import NewsdFeed
import Testing

@Suite("Relative links resolved against xml:base and the feed's URL")
struct LinkResolutionTests {
    @Test("percent-encodes a non-ASCII item link as it resolves it")
    func nonASCIIItemLink() throws {
        let feed = try parseFeed(Self.rss(itemLink: "/café/x"), url: "https://feeds.example/feed.xml")
        #expect(feed.items.first?.link == "https://feeds.example/caf%C3%A9/x")
    }

    @Test("gives no link for an item link that cannot be resolved, never the relative text")
    func unresolvableItemLink() throws {
        let feed = try parseFeed(Self.rss(itemLink: "http://host:port/x"), url: "https://feeds.example/feed.xml")
        let item = try #require(feed.items.first)
        #expect(item.link == nil)
        #expect(item.links.isEmpty)
    }

    @Test("gives no link for an Atom link whose href cannot be resolved")
    func unresolvableAtomLink() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
            <entry><id>urn:x:1</id><title>e</title><link href="http://host:port/x"/></entry></feed>
            """, url: "https://feeds.example/atom.xml")
        let item = try #require(feed.items.first)
        #expect(item.link == nil)
        #expect(item.links.isEmpty)
    }

    @Test("keeps the outer base when an xml:base cannot be resolved")
    func unresolvableXMLBase() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel xml:base="http://host:port/"><title>t</title>
            <item><title>i</title><link>news/a.html</link></item></channel></rss>
            """, url: "https://feeds.example/feed.xml")
        #expect(feed.items.first?.link == "https://feeds.example/news/a.html")
    }

    private static func rss(itemLink: String) -> String {
        """
        <rss version="2.0"><channel><title>t</title>
        <item><title>i</title><link>\(itemLink)</link></item></channel></rss>
        """
    }
}
