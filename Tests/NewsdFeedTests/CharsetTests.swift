import Foundation
import NewsdFeed
import Testing

@Suite("Character encodings")
struct CharsetTests {
    static let legacy: [(file: String, title: String)] = [
        ("koi8-r", "Новости гавани"), ("windows-1251", "Новости гавани"), ("iso-8859-2", "Zpráva z přístavu"),
        ("windows-1252", "Café “Quay” – news"), ("shift_jis", "港のニュース"), ("euc-jp", "港のニュース"),
        ("euc-kr", "항구 소식"), ("gb2312", "港口新闻"), ("big5", "港口新聞"),
    ]

    @Test("legacy charsets named in the XML declaration are read through iconv", arguments: legacy)
    func legacyCharset(_ sample: (file: String, title: String)) throws {
        let feed = try Fixture.feed(sample.file, in: "charsets", url: "https://harbour.example/\(sample.file)")
        #expect(feed.title == sample.title)
        #expect(feed.items.first?.title == sample.title)
        #expect(!feed.isBozo)
    }

    @Test("the HTTP charset beats the XML declaration")
    func httpCharsetWins() throws {
        let feed = try Fixture.feed("koi8-r-declared-latin1", in: "charsets", url: "https://harbour.example/ru",
                                    charset: "KOI8-R")
        #expect(feed.title == "Новости гавани")
        #expect(feed.encoding == "koi8-r")
    }

    @Test("a quoted HTTP charset parameter is understood")
    func quotedCharset() throws {
        let feed = try Fixture.feed("koi8-r-declared-latin1", in: "charsets", url: "https://harbour.example/ru",
                                    charset: "'koi8-r'")
        #expect(feed.title == "Новости гавани")
    }

    @Test("without an HTTP charset the XML declaration is used, even when it is wrong")
    func declarationWithoutHTTP() throws {
        let feed = try Fixture.feed("koi8-r-declared-latin1", in: "charsets", url: "https://harbour.example/ru")
        #expect(feed.encoding == "iso-8859-1")
        #expect(feed.title != "Новости гавани")
    }

    @Test("a UTF-16 byte-order mark is read when nothing is declared")
    func byteOrderMark() throws {
        let feed = try Fixture.feed("utf-16le-bom", in: "charsets", url: "https://harbour.example/de")
        #expect(feed.title == "Hafen – Nachrichten")
        #expect(feed.encoding == "utf-16le")
    }

    @Test("Windows-1252 punctuation in a feed declared ISO-8859-1 is read as the publisher meant it")
    func windows1252Controls() throws {
        let feed = try Fixture.feed("cp1252-declared-latin1", in: "charsets", url: "https://harbour.example/q")
        #expect(feed.title == "“Quoted” – dash")
    }

    @Test("charset labels written the Python way (windows_1251) are understood")
    func pythonStyleLabel() throws {
        let bytes = try Fixture.bytes("windows-1251", in: "charsets")
        let relabelled = Array(String(decoding: bytes.prefix(40), as: UTF8.self)
            .replacingOccurrences(of: "windows-1251", with: "windows_1251").utf8) + bytes.dropFirst(40)
        let feed = try FeedParser().parse(relabelled, url: "https://harbour.example/ru")
        #expect(feed.title == "Новости гавани")
    }
}
