import NewsdFeed
import Testing

@Suite("Content-Location and Content-Language stand in for xml:base and xml:lang")
struct HTTPHeaderContextTests {
    private static let rss = """
        <rss version="2.0"><channel><title>t</title><link>/</link>
        <item><title>i</title><link>story.html</link></item></channel></rss>
        """

    @Test("relative links resolve against Content-Location, itself resolved against the feed's URL")
    func contentLocationIsTheBase() throws {
        let feed = try FeedParser().parse(Array(Self.rss.utf8), url: "https://feeds.example/feed.xml",
                                          contentLocation: "/archive/2026/feed.xml")
        #expect(feed.items.first?.link == "https://feeds.example/archive/2026/story.html")
        #expect(feed.link == "https://feeds.example/")
    }

    @Test("an xml:base in the document wins over Content-Location")
    func xmlBaseWinsOverContentLocation() throws {
        let text = """
            <rss version="2.0"><channel xml:base="https://other.example/news/"><title>t</title>
            <item><title>i</title><link>story.html</link></item></channel></rss>
            """
        let feed = try FeedParser().parse(Array(text.utf8), url: "https://feeds.example/feed.xml",
                                          contentLocation: "https://mirror.example/feed.xml")
        #expect(feed.items.first?.link == "https://other.example/news/story.html")
    }

    @Test("a Content-Location that cannot be resolved leaves the feed's URL as the base")
    func unresolvableContentLocation() throws {
        let feed = try FeedParser().parse(Array(Self.rss.utf8), url: "https://feeds.example/news/feed.xml",
                                          contentLocation: "http://host:port/x")
        #expect(feed.items.first?.link == "https://feeds.example/news/story.html")
    }

    @Test("Content-Language is the feed's language and its texts' when the document declares none")
    func contentLanguageWhenUndeclared() throws {
        let feed = try FeedParser().parse(Array(Self.rss.utf8), url: "https://feeds.example/feed.xml",
                                          contentLanguage: "en_GB")
        #expect(feed.language == "en-GB")
        #expect(feed.items.first?.titleDetail?.language == "en-GB")
    }

    @Test("a <language> element or xml:lang wins over Content-Language")
    func declaredLanguageWins() throws {
        let element = """
            <rss version="2.0"><channel><title>t</title><language>fr</language>
            <item><title>i</title></item></channel></rss>
            """
        let attribute = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>t</title>
            <entry><id>urn:x:1</id><title>e</title></entry></feed>
            """
        let parser = FeedParser()
        let fromElement = try parser.parse(Array(element.utf8), url: "https://feeds.example/f", contentLanguage: "en")
        let fromAttribute = try parser.parse(Array(attribute.utf8), url: "https://feeds.example/f", contentLanguage: "en")
        #expect(fromElement.language == "fr")
        #expect(fromAttribute.language == "de")
        #expect(fromAttribute.items.first?.titleDetail?.language == "de")
    }
}
