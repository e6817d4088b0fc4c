import NewsdExtract
import NewsdTestSupport
import Testing

/// Extracts the pages of ``TemplateSite`` in order, as the daemon does: each page under the template learned from
/// the pages before it, then learned.
private struct SiteRun {
    var template = SiteTemplate(settings: SiteTemplateSettings())
    let site = TemplateSite()

    static func url(_ page: TemplateSite.Page) -> String {
        "https://ledger.example/news/\(page.slug)"
    }

    mutating func extract(_ number: Int, learning: Bool = true) throws -> (page: TemplateSite.Page, SiteExtraction) {
        let page = site.page(number)
        let extraction = try ArticleExtractor().extract(html: Array(page.html.utf8), url: Self.url(page),
                                                        charset: nil, template: template, explaining: true)
        if learning { template.learn(extraction.sample) }
        return (page, extraction)
    }
}

/// The template's furniture blocks found in an article.
private func furniture(in article: Article, page: TemplateSite.Page) -> [String] {
    let blocks = TemplateSite.signUpBlocks + [TemplateSite.standingNote, TemplateSite.referenceNote(page.number)]
    return article.paragraphs.filter(blocks.contains)
}

/// A text as an explanation shows it (cut to ``BlockDecision/displayLength``).
private func displayed(_ text: String) -> String {
    BlockDecision(text: text, path: "", line: 0, kept: false, reason: "").text
}

@Suite("Site template on a templated site")
struct TemplateSiteTests {
    @Test("the generic extractor alone keeps the site's sign-up box and footer note")
    func genericKeepsFurniture() throws {
        let site = TemplateSite()
        for number in 0..<24 {
            let page = site.page(number)
            let article = try ArticleExtractor().extract(html: Array(page.html.utf8), url: SiteRun.url(page),
                                                         charset: nil)
            // Everything but the box's link button, which is link-dense.
            #expect(furniture(in: article, page: page).count == 5, "page \(number)")
            #expect(article.paragraphs.filter(page.body.contains) == page.body, "page \(number)")
        }
    }

    @Test("after the minimum pages are learned, later pages lose the box and the footer and keep all body text")
    func learnedTemplateCleansLaterPages() throws {
        var run = SiteRun()
        var shortParagraphs = 0
        for number in 0..<24 {
            let (page, extraction) = try run.extract(number)
            #expect(extraction.article.paragraphs == page.body || number < 8, "page \(number)")
            if number >= 8 {
                #expect(furniture(in: extraction.article, page: page).isEmpty, "page \(number)")
                shortParagraphs += page.body.count { $0.split(separator: " ").count <= 8 }
            }
        }
        // The set holds short body paragraphs at the body's one place: the template kept every one.
        #expect(shortParagraphs >= 10)
    }

    @Test("the explanation says which blocks the template dropped and on how many pages they recur")
    func explanationNamesTemplate() throws {
        var run = SiteRun()
        for number in 0..<20 {
            _ = try run.extract(number)
        }
        let (_, extraction) = try run.extract(20, learning: false)
        let dropped = extraction.decisions.filter { $0.reason.hasPrefix("site template:") }
        let expected = [
            TemplateSite.signUpBlocks[0], TemplateSite.signUpBlocks[1], TemplateSite.signUpBlocks[2],
            TemplateSite.standingNote, TemplateSite.referenceNote(20),
        ]
        #expect(dropped.map(\.text) == expected.map(displayed))
        #expect(dropped.first?.reason == "site template: text recurs on 20 of 20 recent pages")
        #expect(dropped.last?.reason.hasPrefix("site template: place recurs on 20 of 20 recent pages") == true)
    }

    @Test("a disabled template drops nothing")
    func disabledTemplateDropsNothing() throws {
        var run = SiteRun()
        for number in 0..<12 {
            _ = try run.extract(number)
        }
        run.template.adopt(SiteTemplateSettings(enabled: false))
        let (page, extraction) = try run.extract(12)
        #expect(furniture(in: extraction.article, page: page).count == 5)
    }

    @Test("a page made only of text the template knows keeps its body rather than losing everything")
    func repeatedPageKeepsBody() throws {
        var run = SiteRun()
        let site = TemplateSite()
        let page = site.page(3)
        for number in 0..<10 {
            let extraction = try ArticleExtractor().extract(
                html: Array(page.html.utf8), url: "https://ledger.example/copy/\(number)", charset: nil,
                template: run.template)
            run.template.learn(extraction.sample)
        }
        let again = try ArticleExtractor().extract(html: Array(page.html.utf8), url: "https://ledger.example/last",
                                                   charset: nil, template: run.template)
        #expect(again.article.paragraphs.filter(page.body.contains) == page.body)
    }
}
