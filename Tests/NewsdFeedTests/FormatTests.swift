import Foundation
import NewsdFeed
import Testing

@Suite("Formats sniffed from the content")
struct FormatTests {
    @Test("RSS 0.91 with Netscape's DTD is rss091n, and its <image> is read")
    func rss091() throws {
        let feed = try Fixture.feed("rss091", url: "https://quay.example/rss")
        #expect(feed.format == .rss091Netscape)
        #expect(feed.title == "Quay Weekly")
        #expect(feed.header.image == FeedImage(href: "https://quay.example/logo.png", title: "Quay logo",
                                               link: "https://quay.example/", width: 88, height: 31))
        #expect(feed.items.first?.summary == "High water at 6.")
    }

    @Test("RSS 0.92 is rss092; an item with only a description and an enclosure is kept, its URL resolved")
    func rss092() throws {
        let feed = try Fixture.feed("rss092", url: "https://quay.example/radio/feed")
        #expect(feed.format == .rss092)
        let item = try #require(feed.items.first)
        #expect(item.title == nil)
        #expect(item.summary == "Shipping forecast")
        #expect(item.enclosures == [FeedEnclosure(href: "https://quay.example/audio/forecast.mp3",
                                                  type: "audio/mpeg", length: "2048")])
    }

    @Test("Atom 0.3: tagline, modified, issued, person with url, base64 title and inline XML content")
    func atom03() throws {
        let feed = try Fixture.feed("atom03", url: "https://log.example/atom")
        #expect(feed.format == .atom03)
        #expect(feed.header.subtitleDetail?.value == "<b>Daily</b> log")
        #expect(feed.updated == utc("2026-11-20T08:00:00Z"))
        #expect(feed.header.authors == [FeedPerson(name: "Ada Quay", email: "ada@log.example",
                                                   href: "https://log.example/ada")])
        let entry = try #require(feed.items.first)
        #expect(entry.title == "Log entry")
        #expect(entry.published == utc("2026-11-20T06:00:00Z"))
        #expect(entry.updated == utc("2026-11-20T09:00:00Z"))
        #expect(entry.contents.first?.value == "<div><p>Calm <em>sea</em>.</p></div>")
        #expect(entry.contents.first?.language == "en")
    }

    @Test("CDF: the channel and items keep their link and date in HREF and LASTMOD")
    func cdf() throws {
        let feed = try Fixture.feed("cdf", url: "https://cdf.example/channel.cdf")
        #expect(feed.format == .cdf)
        #expect(feed.title == "Harbour Channel")
        #expect(feed.link == "https://cdf.example/")
        #expect(feed.subtitle == "Pushed harbour news")
        let item = try #require(feed.items.first)
        #expect(item.link == "https://cdf.example/story")
        #expect(item.updated == utc("2026-11-19T09:00:00Z"))
        #expect(item.summary == "The pier is open again.")
    }

    @Test("the declared Content-Type does not matter: an Atom document is Atom whatever the server says")
    func contentNotType() throws {
        let feed = try FeedParser().parse(Fixture.bytes("atom10"), url: "https://example.org/feed",
                                          charset: "utf-8")
        #expect(feed.format == .atom10)
    }

    @Test("JSON Feed 1.1 and 1.0 are told apart by their version URL")
    func jsonFeedVersions() throws {
        #expect(try Fixture.feed("jsonfeed-1.1", "json", url: "https://json.example/feed.json").format
            == .jsonFeed11)
        #expect(try Fixture.feed("jsonfeed-1.0", "json", url: "https://old.example/feed.json").format
            == .jsonFeed10)
    }
}
