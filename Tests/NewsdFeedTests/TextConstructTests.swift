import Foundation
import NewsdFeed
import Testing

@Suite("Text constructs: type, language, base and markup")
struct TextConstructTests {
    @Test("an Atom title of type html keeps its markup in the detail and is plain text as the title")
    func htmlTitle() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Tides &lt;b&gt;today&lt;/b&gt;</title></feed>
            """)
        #expect(feed.header.titleDetail == FeedText(value: "Tides <b>today</b>", type: "text/html",
                                                    base: "https://feeds.example/feed.xml"))
        #expect(feed.title == "Tides today")
    }

    @Test("an Atom 1.0 xhtml text loses its wrapping div; markup is written in normal form")
    func xhtmlDiv() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">
            <div xmlns="http://www.w3.org/1999/xhtml"><p class="x" id="a">One<br/>two</p></div></content></entry></feed>
            """)
        let content = try #require(feed.items.first?.contents.first)
        #expect(content.type == "application/xhtml+xml")
        #expect(content.value == "<p class=\"x\" id=\"a\">One<br />two</p>")
    }

    @Test("a type that is not text or XML is base64 (Atom), decoded")
    func base64() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title type="application/octet-stream">SGFyYm91cg==</title></feed>
            """)
        #expect(feed.header.titleDetail?.value == "Harbour")
    }

    @Test("xml:lang is inherited, an explicit blank one means no language, and en_US is read as en-US")
    func languages() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US"><title>a</title>
            <entry><title xml:lang="">b</title><summary>c</summary></entry></feed>
            """)
        #expect(feed.header.titleDetail?.language == "en-US")
        #expect(feed.language == "en-US")
        let entry = try #require(feed.items.first)
        #expect(entry.titleDetail?.language == nil)
        #expect(entry.summaryDetail?.language == "en-US")
    }

    @Test("an RSS channel's <language> is the language of its texts")
    func channelLanguage() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><title>Nieuws</title><language>nl</language>
            <item><title>Haven</title></item></channel></rss>
            """)
        #expect(feed.header.titleDetail?.language == "nl")
        #expect(feed.items.first?.titleDetail?.language == "nl")
    }

    @Test("xml:base nests: relative bases resolve against the outer base, links and markup URLs against the result")
    func xmlBase() throws {
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/news/">
            <entry xml:base="2026/"><link href="story.html"/>
            <content type="html">&lt;img src="pic.jpg"&gt;</content></entry></feed>
            """)
        let entry = try #require(feed.items.first)
        #expect(entry.link == "https://base.example/news/2026/story.html")
        #expect(entry.content == "<img src=\"https://base.example/news/2026/pic.jpg\" />")
        #expect(entry.contents.first?.base == "https://base.example/news/2026/")
    }

    @Test("RSS text that looks like HTML is read as HTML; text that only has brackets stays text")
    func guessedHTML() throws {
        let feed = try parseFeed("""
            <rss version="2.0"><channel><item><title>Tea &amp;amp; &lt;b&gt;cake&lt;/b&gt;</title></item>
            <item><title>a &lt; b</title></item></channel></rss>
            """)
        #expect(feed.items[0].titleDetail?.type == "text/html")
        #expect(feed.items[0].title == "Tea & cake")
        #expect(feed.items[1].titleDetail == FeedText(value: "a < b", type: "text/plain",
                                                      base: "https://feeds.example/feed.xml"))
    }

    @Test("the first of <description> and <summary> is the summary, a later one is content")
    func summaryPrecedence() throws {
        let feed = try parseFeed("""
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <item><description>first</description><summary>second</summary></item></channel></rss>
            """)
        let item = try #require(feed.items.first)
        #expect(item.summary == "first")
        #expect(item.contents.map(\.value) == ["second"])
    }
}
