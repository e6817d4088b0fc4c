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

    @Test("rejects JSON that is not a JSON Feed object as notAFeed")
    func json() {
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(Array(#"[{"version": "https://jsonfeed.org/version/1.1"}]"#.utf8),
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

    @Test("reads a UTF-32BE quadratic-blowup document without expanding the entity")
    func utf32QuadraticBlowup() throws {
        let bytes = Self.blowupDocument(encoding: nil).unicodeScalars.flatMap { Self.bytes(of: $0.value, width: 4) }
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/utf32", charset: nil)
        let item = try #require(feed.items.first)
        #expect((item.summary?.utf8.count ?? 0) < 1_000_000)
    }

    @Test("reads a UTF-16LE quadratic-blowup document without expanding the entity")
    func utf16QuadraticBlowup() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + Self.blowupDocument(encoding: "UTF-16").utf16.flatMap {
            Self.bytes(of: UInt32($0), width: 2).reversed()
        }
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/utf16", charset: nil)
        let item = try #require(feed.items.first)
        #expect((item.summary?.utf8.count ?? 0) < 1_000_000)
    }

    @Test("reads a UTF-32LE document with a byte-order mark and reports its encoding")
    func utf32LittleEndian() throws {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-32\"?><rss version=\"2.0\"><channel><title>Zürich</title>"
            + "</channel></rss>"
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0x00]
            + text.unicodeScalars.flatMap { Self.bytes(of: $0.value, width: 4).reversed() }
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/utf32le", charset: nil)
        #expect(feed.title == "Zürich")
        #expect(feed.encoding == "utf-32le")
    }

    @Test("reads an EBCDIC (IBM037) quadratic-blowup document without expanding the entity")
    func ebcdicQuadraticBlowup() throws {
        let bytes = try Self.ebcdic(Self.blowupDocument(encoding: "IBM037", entityLength: 2_000, uses: 5_000))
        let feed = try FeedParser().parse(bytes, url: "https://feeds.example/ebcdic", charset: nil)
        let item = try #require(feed.items.first)
        #expect(item.title == "t")
        #expect((item.summary?.utf8.count ?? 0) < 1_000_000)
    }

    @Test("refuses an EBCDIC document in an unknown code page that declares entities, naming the URL")
    func ebcdicUnknownCodePageWithEntities() throws {
        let bytes = try Self.ebcdic(Self.blowupDocument(encoding: "X-NEWSD-UNKNOWN", entityLength: 10, uses: 10))
        let error = #expect(throws: FeedError.self) {
            try FeedParser().parse(bytes, url: "https://feeds.example/ebcdic", charset: nil)
        }
        #expect(error?.kind == .unparsable)
        #expect(error?.description.contains("https://feeds.example/ebcdic") == true)
        #expect(error?.description.contains("EBCDIC") == true)
    }

    @Test("does not let a UTF-7 declaration hide an entity declaration from the rewriting")
    func utf7DeclarationHidesNothing() throws {
        // In UTF-7, "+AFs-+ADw-" is "[<", "+AD4-+AF0-" is ">]" and "+ACY-" is "&": a byte scan sees none of them.
        let value = String(repeating: "A", count: 10_000)
        let text = """
            <?xml version="1.0" encoding="UTF-7"?>
            <!DOCTYPE rss +AFs-+ADw-!ENTITY big "\(value)"+AD4-+AF0->
            <rss version="2.0"><channel><title>t</title>
            <item><title>x</title><description>\(String(repeating: "+ACY-big;", count: 20_000))</description></item>
            </channel></rss>
            """
        let feed = try FeedParser().parse(Array(text.utf8), url: "https://feeds.example/utf7", charset: nil)
        let item = try #require(feed.items.first)
        #expect((item.summary?.utf8.count ?? 0) < 1_000_000)
    }

    @Test("keeps 200,000 unclosed '<' of a title as text")
    func manyUnclosedTagsInTitle() throws {
        let title = String(repeating: "&lt;a", count: 200_000)
        let feed = try parseFeed("<rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>")
        #expect(feed.title?.count == 400_000)
    }

    @Test("keeps 200,000 unclosed comment openers of a title as text")
    func manyUnclosedCommentsInTitle() throws {
        let title = String(repeating: "&lt;!--", count: 200_000)
        let feed = try parseFeed("<rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>")
        #expect(feed.title?.count == 800_000)
    }

    @Test("strips the tags of a long HTML title that goes on with many unclosed '<'")
    func longTitleWithUnclosedLessThan() throws {
        let title = "&lt;b&gt;Breaking&lt;/b&gt;&lt;!-- note --&gt;: " + String(repeating: "x &lt;y ", count: 5_000)
        let feed = try parseFeed(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">\(title)</title></feed>")
        #expect(feed.title == "Breaking: " + Array(repeating: "x <y", count: 5_000).joined(separator: " "))
    }

    @Test("reads a tag whose quoted value never closes, and everything after it, as text")
    func unclosedQuoteInTitle() throws {
        let title = "See &lt;a title=\"x &lt;b&gt;bold&lt;/b&gt;"
        let feed = try parseFeed(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title type=\"html\">\(title)</title></feed>")
        #expect(feed.header.titleDetail?.value == "See &lt;a title=\"x &lt;b>bold&lt;/b>")
        #expect(feed.title == "See <a title=\"x <b>bold</b>")
    }

    /// An RSS document declaring `encoding` (if given) whose one entity of `entityLength` characters is used
    /// `uses` times.
    private static func blowupDocument(encoding: String?, entityLength: Int = 10_000, uses: Int = 20_000) -> String {
        """
        <?xml version="1.0"\(encoding.map { " encoding=\"\($0)\"" } ?? "")?>
        <!DOCTYPE rss [<!ENTITY big "\(String(repeating: "A", count: entityLength))">]>
        <rss version="2.0"><channel><title>t</title>
        <item><title>t</title><description>\(String(repeating: "&big;", count: uses))</description></item>
        </channel></rss>
        """
    }

    /// `value` as `width` big-endian bytes.
    private static func bytes(of value: UInt32, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    /// ASCII text in EBCDIC code page 037, for the characters these documents use.
    private static func ebcdic(_ text: String) throws -> [UInt8] {
        let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 <>?=\"'!/-.:[]&;\n_".utf8)
        let code: [UInt8] = Array(0x81...0x89) + Array(0x91...0x99) + Array(0xA2...0xA9) + Array(0xC1...0xC9)
            + Array(0xD1...0xD9) + Array(0xE2...0xE9) + Array(0xF0...0xF9)
            + [0x40, 0x4C, 0x6E, 0x6F, 0x7E, 0x7F, 0x7D, 0x5A, 0x61, 0x60, 0x4B, 0x7A, 0xBA, 0xBB, 0x50, 0x5E]
            + [0x25, 0x6D]
        return try text.utf8.map { byte in
            let index = try #require(ascii.firstIndex(of: byte), "no EBCDIC code for \(byte)")
            return code[index]
        }
    }

    @Test("reads a feed whose content nests elements 10,000 deep, reporting the excess as a warning")
    func deepNesting() throws {
        let depth = 10_000
        let nested = String(repeating: "<div>", count: depth) + "deep" + String(repeating: "</div>", count: depth)
        let feed = try parseFeed("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><entry><title>e</title>
            <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">\(nested)</div></content></entry></feed>
            """, url: "https://deep.example/atom")
        #expect(feed.title == "Deep")
        #expect(feed.isBozo)
    }
}
