import Foundation
import NewsdFeed
import Testing

@Suite("Malformed, hostile and mislabelled documents")
struct HostileFeedTests {
    @Test("recovers the items of a malformed feed and reports the problems as warnings")
    func malformedRecovers() throws {
        let feed = try Fixture.feed("malformed", url: "https://broken.example/rss")
        #expect(feed.isBozo)
        #expect(!feed.warnings.isEmpty)
        #expect(feed.items.count == 3)
        #expect(feed.items.first?.title == "Café opens & closes")
        #expect(feed.items.first?.link == "https://broken.example/cafe?id=1&ref=rss")
    }

    @Test("keeps escaped HTML that follows a well-formedness error")
    func escapedHTMLAfterError() throws {
        let feed = try Fixture.feed("malformed", url: "https://broken.example/rss")
        let last = try #require(feed.items.last)
        #expect(last.title == "After the damage")
        #expect(last.summary == "<p>Still &amp; here</p>")
    }

    @Test("rejects an HTML page as notAFeed, naming the URL and what it got")
    func htmlPage() throws {
        let bytes = try Fixture.bytes("html-page", "html")
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(bytes, url: "https://gazette.example/", charset: "utf-8")
        }
        #expect(error?.kind == .notAFeed)
        #expect(error?.found == "html")
        #expect(error?.description.contains("https://gazette.example/") == true)
        #expect(error?.description.contains("got an HTML page") == true)
    }

    @Test("rejects JSON as notAFeed")
    func json() {
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Array(#"{"version": "https://jsonfeed.org/version/1.1"}"#.utf8),
                                   url: "https://feeds.example/feed.json", charset: nil)
        }
        #expect(error?.kind == .notAFeed)
        #expect(error?.found == "JSON")
    }

    @Test("never loads an external entity")
    func externalEntity() throws {
        let feed = try Fixture.feed("xxe", url: "https://attacker.example/rss")
        let item = try #require(feed.items.first)
        let text = [item.title, item.summary, feed.title].compactMap { $0 }.joined()
        #expect(!text.contains("root:"))
        #expect(item.title == "Look: &secret;")
        #expect(feed.isBozo)
    }

    @Test("reads a billion-laughs document quickly without expanding it")
    func billionLaughs() throws {
        let bytes = try Fixture.bytes("billion-laughs")
        let clock = ContinuousClock()
        var feed: Feed?
        let elapsed = try clock.measure {
            feed = try FeedParser().parse(bytes, url: "https://laughs.example/rss", charset: nil)
        }
        #expect(elapsed < .seconds(2))
        let item = try #require(feed?.items.first)
        #expect((item.title?.utf8.count ?? 0) + (item.summary?.utf8.count ?? 0) < 1000)
        #expect(feed?.isBozo == true)
    }

    @Test("reads a quadratic-blowup document (one large entity used many times) quickly")
    func quadraticBlowup() throws {
        let value = String(repeating: "A", count: 50_000)
        let references = String(repeating: "&big;", count: 20_000)
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY big "\(value)">]>
            <rss version="2.0"><channel><title>t</title>
            <item><title>\(references)</title><link>https://x.example/?q=\(references)</link></item>
            </channel></rss>
            """
        let clock = ContinuousClock()
        var feed: Feed?
        let elapsed = try clock.measure { feed = try parseFeed(text) }
        #expect(elapsed < .seconds(2))
        #expect((feed?.items.first?.title?.utf8.count ?? 0) < 200_000)
    }

    @Test("decodes windows-1252 bytes without an XML declaration using the HTTP charset")
    func httpCharset() throws {
        // "Café “quoted” €5" in windows-1252: é = E9, “ = 93, ” = 94, € = 80.
        var bytes = Array("<rss version=\"2.0\"><channel><title>Caf".utf8)
        bytes += [0xE9, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x20, 0x80] + Array("5".utf8)
        bytes += Array("</title></channel></rss>".utf8)
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/cp1252", charset: "windows-1252")
        #expect(feed.title == "Café \u{201C}quoted\u{201D} €5")
        #expect(feed.encoding == "windows-1252")
    }

    @Test("reads a UTF-16 document with a byte-order mark")
    func utf16() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Zürich</title>"
            + "</channel></rss>"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/utf16", charset: nil)
        #expect(feed.title == "Zürich")
    }
}
