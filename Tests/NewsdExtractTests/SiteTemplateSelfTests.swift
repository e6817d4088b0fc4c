import NewsdExtract
import Testing

/// A news page whose body is three paragraphs of its own, plus `extra` when given.
private func articlePage(_ number: Int, extra: String?) -> [UInt8] {
    let own = (0..<3).map { index in
        "<p>Story \(number) paragraph \(index) tells the council's harbour plans in detail, with figures from the "
            + "budget office and quotes from residents of ward \(number * 10 + index).</p>"
    }
    let paragraphs = own + (extra.map { ["<p>\($0)</p>"] } ?? [])
    return Array("""
        <html><head><title>Story \(number)</title></head><body><article><h1>Story \(number)</h1>
        \(paragraphs.joined(separator: "\n"))
        </article></body></html>
        """.utf8)
}

@Suite("Site template and a page it has already learned")
struct SiteTemplateSelfTests {
    @Test("a page extracted again is judged by the other pages, not by its own earlier sample")
    func ownSampleDoesNotCount() throws {
        let settings = SiteTemplateSettings(window: 10, minimumPages: 8, sharePercent: 50)
        let shared = "The harbour board's statement, which several of these stories quote at length, says the "
            + "works will begin in spring and finish within two years."
        let extractor = ArticleExtractor()
        var template = SiteTemplate(settings: settings)
        func url(_ number: Int) -> String { "https://harbour.example/news/\(number)" }
        // The statement is on pages 0 to 4: five of ten, the share, only if page 4 counts itself.
        for number in 0..<10 {
            let extraction = try extractor.extract(html: articlePage(number, extra: number < 5 ? shared : nil),
                                                   url: url(number), charset: nil, template: template)
            template.learn(extraction.sample)
        }

        let again = try extractor.extract(html: articlePage(4, extra: shared), url: url(4), charset: nil,
                                          template: template)

        #expect(again.article.paragraphs.contains(shared))
        let newPage = try extractor.extract(html: articlePage(10, extra: shared), url: url(10), charset: nil,
                                            template: template)
        #expect(!newPage.article.paragraphs.contains(shared))
    }
}
