import NewsdExtract
import Testing

/// The publisher talking to the reader, found by two cues each (`Fixtures/promotions.html`): cross-sell lists,
/// calls to join or write in, subscription offers, comment policies, follow-us lines, script-only widgets, photo
/// credits, and reading times and time stamps in other languages.
@Suite("Promotions and credits leave the body")
struct PromotionKindsTests {
    static let page = FixturePage(name: "promotions", url: "https://gazette.example/news/quarry-lake")

    @Test("the body is the article's paragraphs, sentences sharing a word with a promotion included")
    func body() throws {
        let article = try Self.page.extract()
        #expect(article.paragraphs.count == 5)
        #expect(article.paragraphs.first?.hasPrefix("The flooded quarry") == true)
        #expect(article.paragraphs.contains { $0.hasPrefix("\"Join our campaign") })
        #expect(article.paragraphs.contains { $0.hasPrefix("The parish clerk said the council would follow") })
        #expect(article.paragraphs.last?.hasPrefix("Parking at the quarry gate") == true)
    }

    @Test("each promotion is dropped with its signal", arguments: [
        ("By admin", "byline with date"), ("Tempo de leitura", "reading time"), ("sexta-feira", "time stamp"),
        ("Sakib Ali/", "photo credit"), ("Courtesy of", "photo credit"),
        ("This slideshow", "script-only widget"), ("Join our Moorland Forums", "call to join or write in"),
        ("Get Moorland Monthly", "subscription offer"), ("Follow the Moorland", "follow-us line"),
        ("ATTENTION: Comments", "comment policy"), ("More Great Gazette", "cross-sell title"),
    ])
    func dropped(opening: String, reason: String) throws {
        let decisions = try Self.page.explain()
        let decision = try #require(decisions.first { $0.text.hasPrefix(opening) })
        #expect(!decision.kept)
        #expect(decision.reason == reason)
    }

    @Test("a paragraph ending with a slashed photo credit after its full stop is a caption, not body")
    func creditedCaption() throws {
        let article = try Self.page.extract()
        #expect(article.captions.contains { $0.hasPrefix("The quarry in 1962") })
        #expect(!article.paragraphs.contains { $0.hasPrefix("The quarry in 1962") })
    }

    @Test("the short items under a cross-sell title go with it")
    func crossSellList() throws {
        let article = try Self.page.extract()
        #expect(!article.paragraphs.contains { $0.contains("village hall") || $0.contains("fell race") })
    }
}

@Suite("Authors' names")
struct AuthorNameTests {
    private static let body = BlockStructureTests.paragraphs

    @Test("the author's name beside the byline (an author box) leaves the body")
    func nameBesideByline() throws {
        let article = try extract("<html><body><article><h1>Ferry</h1><div>Ines Moreau</div><div>By Ines Moreau</div>"
            + "\(Self.body)</article></body></html>")
        #expect(article.byline == "Ines Moreau")
        #expect(!article.paragraphs.contains("Ines Moreau"))
        #expect(article.paragraphs.count == 2)
    }

    @Test("the author's name as a signature away from the byline stays")
    func signature() throws {
        let article = try extract("<html><body><article><h1>Ferry</h1><div>By Ines Moreau</div>"
            + "\(Self.body)<p>Ines Moreau</p></article></body></html>")
        #expect(article.paragraphs.last == "Ines Moreau")
    }

    @Test("bylines lists each name of the byline string", arguments: [
        ("Jane Roe", ["Jane Roe"]), ("Jane Roe, John Doe and Ana Lima", ["Jane Roe", "John Doe", "Ana Lima"]),
        ("By Jane Roe & John Doe", ["Jane Roe", "John Doe"]), ("Jane Roe; Jane Roe", ["Jane Roe"]),
    ])
    func bylines(byline: String, names: [String]) {
        #expect(Article(byline: byline).bylines == names)
    }
}

@Suite("A paywalled section marked with schema.org hasPart")
struct PaywalledSectionTests {
    private static func page(selector: String) -> String {
        """
        <html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ferry", "isAccessibleForFree": false,
         "hasPart": [{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": "\(selector)"}]}
        </script></head><body><article><h1>Ferry</h1>
        <p>The island ferry will run every forty minutes instead of every hour from May, the operator said.</p>
        <div class="story-body premium"><p>Subscribers read on: the change follows a year of complaints from
        commuters who waited in the rain at both ends of the trip, the operator's survey found.</p></div>
        </article></body></html>
        """
    }

    @Test("the section the cssSelector names is found and flagged, and its text stays in the body", arguments: [
        ".premium", "div.premium", ".story-body.premium", "#locked, .premium",
    ])
    func flagged(selector: String) throws {
        let article = try extract(Self.page(selector: selector))
        #expect(article.hasPaywalledSection)
        #expect(article.paragraphs.count == 2)
    }

    @Test("a selector naming nothing on the page, or one with combinators, flags nothing", arguments: [
        ".locked", "article > .premium",
    ])
    func unmatched(selector: String) throws {
        let article = try extract(Self.page(selector: selector))
        #expect(!article.hasPaywalledSection)
        #expect(article.paragraphs.count == 2)
    }
}
