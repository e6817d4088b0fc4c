import NewsdXML
import Testing

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite("HTML documents")
struct HTMLDocumentTests {
    @Test("a broken page still parses into a tree")
    func lenientParse() throws {
        let document = try MarkupDocument.html(bytes("<html><body><p>One<p>Two</div></body>"))
        let paragraphs = try document.select("//p")
        #expect(paragraphs.map(\.textContent) == ["One", "Two"])
    }

    @Test("the server's charset wins over a wrong meta charset")
    func declaredEncodingWins() throws {
        let page: [UInt8] = bytes("<html><head><meta charset=\"utf-8\"></head><body><p>caf") + [0xE9] + bytes("</p>")
        let document = try MarkupDocument.html(page, encoding: "windows-1252")
        #expect(try document.select("//p").first?.textContent == "café")
    }

    @Test("an unknown server charset falls back to sniffing instead of failing")
    func unknownEncodingIgnored() throws {
        let document = try MarkupDocument.html(bytes("<p>plain</p>"), encoding: "x-no-such-charset")
        #expect(try document.select("//p").first?.textContent == "plain")
    }

    @Test("attributes, names and lines are readable")
    func nodeAccessors() throws {
        let document = try MarkupDocument.html(bytes("<html><body>\n<a href=\"/x\" class=\"more\">More</a></body></html>"))
        let link = try #require(try document.select("//a").first)
        #expect(link.name == "a")
        #expect(link.attribute("href") == "/x")
        #expect(link.attributes.map(\.name) == ["href", "class"])
        #expect(link.line == 2)
        #expect(link.parent?.name == "body")
    }

    @Test("a removed node is gone from the tree")
    func removeNode() throws {
        let document = try MarkupDocument.html(bytes("<div><p>keep</p><aside>drop</aside></div>"))
        try document.select("//aside").forEach { $0.remove() }
        #expect(try document.select("//div").first?.textContent == "keep")
    }

    @Test("a page nested deeper than libxml2's default limit of 256 keeps its content")
    func deepNesting() throws {
        let page = "<html><body>" + String(repeating: "<span><a href=\"/t\">tag</a>", count: 400)
            + "<article><p>The article after a deep tag cloud.</p></article></body></html>"
        let document = try MarkupDocument.html(bytes(page))
        #expect(try document.select("//article/p").first?.textContent == "The article after a deep tag cloud.")
    }

    @Test("an invalid XPath is an error naming the expression")
    func invalidXPath() throws {
        let document = try MarkupDocument.html(bytes("<p>x</p>"))
        #expect(throws: MarkupError.self) { try document.select("//p[") }
        #expect(throws: MarkupError.self) { try MarkupDocument.validateXPath("//*[@class=") }
        try MarkupDocument.validateXPath("//div[@id='main']//p")
    }
}

@Suite("XML documents")
struct XMLDocumentTests {
    @Test("well-formed XML has no diagnostics")
    func wellFormed() throws {
        let document = try MarkupDocument.xml(bytes("<rss><channel><title>T</title></channel></rss>"))
        #expect(document.diagnostics.isEmpty)
        #expect(document.root?.name == "rss")
    }

    @Test("malformed XML is recovered and the problem is reported")
    func recovered() throws {
        let document = try MarkupDocument.xml(bytes("<rss><channel><title>T & co</title></channel>"))
        #expect(!document.diagnostics.isEmpty)
        #expect(document.root?.name == "rss")
    }

    @Test("input that is not XML is an error")
    func notXML() {
        #expect(throws: MarkupError.self) { try MarkupDocument.xml(bytes("")) }
    }

    @Test("an external entity is never loaded")
    func externalEntityNotLoaded() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <rss><channel><title>&secret;</title></channel></rss>
            """
        let document = try MarkupDocument.xml(bytes(xml))
        let title = try document.select("//title").first?.textContent ?? ""
        #expect(!title.contains("root:"))
    }

    @Test("nested entity expansion (billion laughs) is bounded")
    func billionLaughsBounded() throws {
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for level in 1...9 {
            xml += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10)
                + "\">\n"
        }
        xml += "]>\n<lolz>&lol9;</lolz>"
        do {
            let document = try MarkupDocument.xml(bytes(xml))
            #expect((document.root?.textContent ?? "").utf8.count < 1_000_000)
            #expect(!document.diagnostics.isEmpty, "the refused expansion is reported")
        } catch {
            #expect(error.kind == .unparsable, "refusing the document outright is also bounded")
        }
    }

    @Test("namespaced elements are found with registered prefixes")
    func namespaces() throws {
        let xml = "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><item><dc:creator>Ann</dc:creator></item></rss>"
        let document = try MarkupDocument.xml(bytes(xml))
        let creators = try document.select("//dc:creator", namespaces: ["dc": "http://purl.org/dc/elements/1.1/"])
        #expect(creators.first?.textContent == "Ann")
        #expect(creators.first?.namespaceURI == "http://purl.org/dc/elements/1.1/")
    }
}

@Suite("URI references")
struct URIReferenceTests {
    @Test("relative references resolve against the base", arguments: [
        ("articles/a.html", "https://example.org/news/feed.xml", "https://example.org/news/articles/a.html"),
        ("/top", "https://example.org/news/feed.xml", "https://example.org/top"),
        ("../b.html", "file:///srv/demo/site/feed.xml", "file:///srv/demo/b.html"),
        ("https://other.org/x", "https://example.org/", "https://other.org/x"),
        ("/café/x", "https://example.org/news/", "https://example.org/caf%C3%A9/x"),
        ("a b.html", "https://example.org/news/", "https://example.org/news/a%20b.html"),
        ("100%sure.html", "https://example.org/", "https://example.org/100%25sure.html"),
        ("x.html?q=%41", "https://example.org/", "https://example.org/x.html?q=%41"),
        ("s?q={a|b}", "https://example.org/", "https://example.org/s?q=%7Ba%7Cb%7D"),
    ])
    func resolves(reference: String, base: String, expected: String) {
        #expect(URIReference.resolve(reference, against: base) == expected)
    }
}
