import NewsdExtract
import Testing

/// One page carrying each kind of furniture that `../shared/seeds/annotations.json` labels, in markup with no
/// telling class names, so only text, links and structure can find it (`Fixtures/furniture-kinds.html`).
@Suite("Every kind of furniture leaves the body")
struct FurnitureKindsTests {
    static let page = FixturePage(name: "furniture-kinds", url: "https://coastline.example/news/ferry-timetable")

    @Test("the body is the article's paragraphs, in order")
    func body() throws {
        let article = try Self.page.extract()
        #expect(article.paragraphs.count == 5)
        #expect(article.paragraphs.first?.hasPrefix("The island ferry will run every forty minutes") == true)
        #expect(article.paragraphs.last?.hasPrefix("Night sailings on Fridays") == true)
    }

    @Test("furniture is absent from the body", arguments: [
        ("navigation", "Weather"), ("reading time", "4 min read"), ("share bar", "Facebook"),
        ("also read link", "ALSO READ"), ("image file name as alt text", "DSC_0412"), ("read more link", "Read more"),
        ("newsletter box", "newsletter"), ("newsletter box", "inbox"), ("previous/next", "Previous story"),
        ("previous/next", "Next story"), ("related list", "Related articles"), ("related list", "Island school"),
        ("latest list", "Latest news"), ("latest list", "Storm warning"), ("comments", "Leave a comment"),
        ("sidebar label", "TRENDING NOW"), ("sidebar list", "Lighthouse"), ("cookie banner", "cookies"),
        ("back to top", "Back to top"), ("byline", "Ines Moreau"), ("title", "Ferry timetable changes from May"),
    ])
    func furnitureAbsent(kind: String, phrase: String) throws {
        let article = try Self.page.extract()
        #expect(!article.paragraphs.contains { $0.localizedCaseInsensitiveContains(phrase) }, "\(kind) kept")
    }

    @Test("the byline and title are metadata, not body")
    func metadata() throws {
        let article = try Self.page.extract()
        #expect(article.byline == "Ines Moreau")
        #expect(article.title == "Ferry timetable changes from May")
        #expect(article.siteName == "Coastline Post")
    }

    @Test("--explain lists each dropped kind with its signal")
    func explained() throws {
        let decisions = try Self.page.explain()
        let reasons = Dictionary(decisions.map { ($0.text, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons["4 min read"] == "reading time")
        #expect(reasons["DSC_0412.jpg"] == "image file name")
        #expect(reasons["TRENDING NOW"] != nil && decisions.first { $0.text == "TRENDING NOW" }?.kept == false)
    }
}

@Suite("Repeats, tables, scripts without spaces, and split bodies")
struct BlockStructureTests {
    /// Two short paragraphs of a ferry story, for inline pages.
    static let paragraphs = """
        <p>The island ferry will run every forty minutes instead of every hour from May, the operator said.</p>
        <p>The change follows a year of complaints from commuters who waited in the rain at both ends of the trip.</p>
        """

    @Test("a paragraph repeated inside the page (a teaser repeated in the body) appears once")
    func repeatedParagraph() throws {
        let article = try extract("<html><body><article><h1>Ferry</h1>\(Self.paragraphs)\(Self.paragraphs)"
            + "</article></body></html>")
        #expect(article.paragraphs.count == 2)
    }

    @Test("short lines that recur in a list (a recipe's steps) are all kept")
    func shortRepeatsKept() throws {
        let article = try extract("<html><body><article><h1>Meal plan</h1>\(Self.paragraphs)"
            + "<h3>Breakfast</h3><p>Eat within an hour</p><h3>Lunch</h3><p>Eat within an hour</p>"
            + "</article></body></html>")
        #expect(article.paragraphs.filter { $0 == "Eat within an hour" }.count == 2)
    }

    @Test("a sentence of the article that links most of its words stays; a short line of links goes")
    func linkedSentence() throws {
        let article = try extract("<html><body><article><h1>Ferry</h1>\(Self.paragraphs)"
            + "<p>The suspect, <a href=\"/a\">Michael Webb, was convicted and sentenced</a> to life in "
            + "<a href=\"/b\">federal prison last Thursday</a>, the court said.</p>"
            + "<p><a href=\"/c\">Harbour wall repairs begin</a> and more</p></article></body></html>")
        #expect(article.paragraphs.contains { $0.hasPrefix("The suspect, Michael Webb") })
        #expect(!article.paragraphs.contains { $0.hasPrefix("Harbour wall") })
    }

    @Test("a table row is one block, its cells apart")
    func tableRows() throws {
        let article = try extract("<html><body><article><h1>Standings</h1>\(Self.paragraphs)<table>"
            + "<tr><td>1</td><td>Kyle Busch</td><td>5040</td></tr><tr><td>2</td><td>Martin Truex</td><td>5035</td></tr>"
            + "</table></article></body></html>")
        #expect(article.paragraphs.suffix(2) == ["1 Kyle Busch 5040", "2 Martin Truex 5035"])
    }

    @Test("Japanese text without spaces is not taken for a label or a lone word")
    func japanese() throws {
        let article = try extract("<html><body><article><h1>商標</h1>\(Self.paragraphs)"
            + "<p>また、その他にも、もとの商品に付された商標を剥奪抹消した商品を販売する行為は、商標権侵害と判断される場合があります。</p>"
            + "</article></body></html>")
        #expect(article.paragraphs.last?.hasPrefix("また") == true)
    }

    @Test("a body cut into chunks by an advertisement keeps every chunk")
    func chunkedBody() throws {
        let chunk = "<div class=\"story-body\">\(Self.paragraphs)</div>"
        let html = "<html><body><main><h1>Ferry</h1>\(chunk)<div class=\"ad-slot\">Advertisement</div>"
            + "<div><div class=\"story-body\"><p>Night sailings on Fridays and Saturdays will also return after a "
            + "three-year gap, the operator added in its statement.</p>"
            + "<p>Two older boats will be refitted over the winter so that three can run at once, at a cost of "
            + "two million, with more to follow, the chief executive said.</p></div>"
            + "<aside>Most read</aside></div></main></body></html>"
        let article = try extract(html)
        #expect(article.paragraphs.count == 4)
    }

    @Test("a teaser card built from the body's template does not join the body")
    func teaserCardStaysOut() throws {
        let body = (1...6).map { "<p>Paragraph \($0) of the ferry story, with enough words in it to read as prose, "
            + "about timetables, boats and the commuters who use them every day.</p>" }.joined()
        let html = "<html><body><main><h1>Ferry</h1><div class=\"entry-content\">\(body)</div></main>"
            + "<div class=\"more\"><div class=\"entry-content\"><p>A teaser for another story.</p></div></div>"
            + "</body></html>"
        let article = try extract(html)
        #expect(article.paragraphs.count == 6)
        #expect(!article.paragraphs.contains("A teaser for another story."))
    }

    @Test("furniture words run together in a class name still say furniture; content words that start alike do not")
    func runTogetherClassNames() throws {
        let html = "<html><body><article><h1>Ferry</h1><div class=\"subscriber-content\">\(Self.paragraphs)</div>"
            + "<div class=\"relatedposts\"><p>Island school gets a new roof after the storm damaged it badly.</p></div>"
            + "</article></body></html>"
        let article = try extract(html)
        #expect(article.paragraphs.count == 2)
        #expect(!article.paragraphs.contains { $0.hasPrefix("Island school") })
    }

    @Test("a wrapper whose class says widget but that holds the headline is kept")
    func widgetWrapper() throws {
        let html = "<html><body><div class=\"sidebar\"><a href=\"/\">Popular posts</a></div>"
            + "<div class=\"widget Blog\"><h1 class=\"post-title\">Ferry</h1><div class=\"post-body\">"
            + "The island ferry will run every forty minutes instead of every hour from May.<br><br>"
            + "The change follows a year of complaints from commuters.</div></div></body></html>"
        let article = try extract(html)
        #expect(article.paragraphs.first?.hasPrefix("The island ferry") == true)
    }
}
