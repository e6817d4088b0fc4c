import Foundation
import NewsdExtract
import Testing

@Suite("Page metadata: what readers see when the page declares nothing")
struct VisibleMetadataTests {
    private static func page(header: String) -> String {
        """
        <html><head><title>A story</title></head><body><article><h1>A story</h1>\(header)
        <p>The first paragraph of the story is long enough to count as real article text, with a clause or two.</p>
        <p>The second paragraph adds detail, quotes an official, and ends the story in an ordinary way.</p>
        </article></body></html>
        """
    }

    @Test("the byline comes from a rel=author link")
    func authorLink() throws {
        let header = "<p>By <a rel=\"author\" href=\"/staff/p\">Priya Castellanos</a></p>"
        let article = try extract(Self.page(header: header))
        #expect(article.byline == "Priya Castellanos")
    }

    @Test("the byline comes from an element classed byline or author, without its 'By'")
    func bylineElement() throws {
        let header = "<div class=\"meta-item author\">By <a href=\"/a\">Gretchen Albers</a></div>"
        let article = try extract(Self.page(header: header))
        #expect(article.byline == "Gretchen Albers")
    }

    @Test("an author biography is not a byline")
    func longAuthorBlockIgnored() throws {
        let bio = String(repeating: "She has covered the harbor for the paper since the ferry strike of 2009. ",
                         count: 3)
        let article = try extract(Self.page(header: "<div class=\"author-bio\">\(bio)</div>"))
        #expect(article.byline == nil)
    }

    @Test("the date comes from a printed date in an element classed date", arguments: [
        ("November 10, 2024", 1_731_196_800.0),
        ("Nov. 10, 2024", 1_731_196_800.0),
        ("Sunday, 10 November 2024", 1_731_196_800.0),
        ("Sept 3, 2024", 1_725_321_600.0),
    ])
    func printedDate(text: String, seconds: Double) throws {
        let article = try extract(Self.page(header: "<span class=\"post-date\">\(text)</span>"))
        #expect(article.published == Date(timeIntervalSince1970: seconds))
    }

    @Test("an impossible printed date gives no date", arguments: ["February 30, 2024", "Smarch 3, 2024"])
    func impossiblePrintedDate(text: String) throws {
        let article = try extract(Self.page(header: "<span class=\"date\">\(text)</span>"))
        #expect(article.published == nil)
    }

    @Test("a declared date wins over the printed one")
    func declaredDateWins() throws {
        let page = Self.page(header: "<time datetime=\"2024-11-10T13:15:00Z\">November 9, 2024</time>"
            + "<span class=\"date\">November 9, 2024</span>")
        #expect(try extract(page).published == Date(timeIntervalSince1970: 1_731_244_500))
    }
}
