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
        ("Tempo de leitura", "reading time"), ("sexta-feira", "time stamp"),
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

    @Test("the short items under a cross-sell title go with it")
    func crossSellList() throws {
        let article = try Self.page.extract()
        #expect(!article.paragraphs.contains { $0.contains("village hall") || $0.contains("fell race") })
    }
}
