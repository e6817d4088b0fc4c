import Foundation
import NewsdExtract
import Testing

@Suite("Article extraction")
struct ArticleExtractorTests {
    @Test("keeps the body paragraphs in document order, one per block")
    func paragraphsInOrder() throws {
        let article = try FixturePage.harbour.extract()
        #expect(article.paragraphs == [
            "Drivers can use the crossing again from Friday, two weeks ahead of the council's schedule.",
            "The harbour bridge, which carries about 18,000 vehicles a day between the old town and the ferry "
                + "terminal, was closed in September after inspectors found corrosion in two of its steel bearings.",
            "Council engineers said the repair, which cost £4.2 million, replaced all eight bearings and resurfaced "
                + "the deck, and that the bridge should not need major work for another thirty years.",
            "\"We knew how much the closure hurt businesses on the quay, so the crews worked weekends to finish "
                + "early,\" said Dana Whitlock, the council's head of transport, at a briefing on Thursday.",
            "Traders on the north quay said footfall had fallen by a third during the closure, as shoppers avoided "
                + "the long diversion through the industrial estate.",
            "The bridge will reopen at 6 a.m. on Friday with a temporary 20 mph limit while the new surface "
                + "settles, the council said.",
        ])
    }

    @Test("keeps sibling blocks apart: a date and a section label never run together")
    func blocksStaySeparate() throws {
        let decisions = try explain("""
            <html><body><article>
            <div><div><time datetime="2021-07-07">July 7, 2021</time></div><div><a href="/china">China News</a></div></div>
            <p>The first paragraph of the story is long enough to count as real article text, with a clause or two.</p>
            <p>The second paragraph adds detail, quotes an official, and ends the story in an ordinary way.</p>
            </article></body></html>
            """)
        let texts = decisions.map(\.text)
        #expect(texts.contains("July 7, 2021"))
        #expect(texts.contains("China News"))
        #expect(!texts.contains { $0.contains("2021China") })
    }

    @Test("joins inline elements with the page's own spacing")
    func inlineSpacing() throws {
        let article = try extract("""
            <html><body><article><p>The <b>mayor</b> <i>said</i> on <a href="/x">Tuesday</a>, in a
               statement,   that the <em>road</em>s would reopen once the repairs, funded by the state, were done.</p>
            </article></body></html>
            """)
        #expect(article.paragraphs == [
            "The mayor said on Tuesday, in a statement, that the roads would reopen once the repairs, funded by the "
                + "state, were done.",
        ])
    }

    @Test("splits a block at <br><br>")
    func doubleBreakSplits() throws {
        let article = try FixturePage.council.extract()
        #expect(article.paragraphs.count == 3)
        #expect(article.paragraphs.first?.hasPrefix("The town council voted seven to two") == true)
        #expect(article.paragraphs.last?.hasPrefix("Councillor Ada Pruitt") == true)
    }

    @Test("leaves boilerplate out of the body", arguments: [
        (FixturePage.harbour, "We use cookies"), (FixturePage.harbour, "Sign up for the Courier Daily"),
        (FixturePage.harbour, "in your inbox"), (FixturePage.harbour, "ALSO READ"),
        (FixturePage.harbour, "Previous Story"), (FixturePage.harbour, "Related articles"),
        (FixturePage.harbour, "Diversion routes"), (FixturePage.harbour, "Latest News"),
        (FixturePage.harbour, "Most Read"), (FixturePage.harbour, "3 min read"), (FixturePage.harbour, "Facebook"),
        (FixturePage.harbour, "Back to top"), (FixturePage.harbour, "Tags"), (FixturePage.harbour, "Home"),
        (FixturePage.harbour, "Harbour bridge reopens after six-month repair"), (FixturePage.harbour, "Local News"),
        (FixturePage.orchard, "1 min read"), (FixturePage.orchard, "IMG_20231001"), (FixturePage.orchard, "ALSO READ"),
        (FixturePage.orchard, "Previous Story"), (FixturePage.orchard, "Frost alarms"), (FixturePage.orchard, "Next Story"),
        (FixturePage.orchard, "Latest from Farming"), (FixturePage.orchard, "Dairy farmers"),
        (FixturePage.orchard, "The ballot closes"), (FixturePage.orchard, "Don't Miss"),
        (FixturePage.orchard, "Ten walks"), (FixturePage.orchard, "Sign up"), (FixturePage.orchard, "summarized in one email"),
        (FixturePage.orchard, "Privacy Policy"), (FixturePage.orchard, "Cookie policy"),
        (FixturePage.orchard, "third party cookies"), (FixturePage.orchard, "Go to Top"),
        (FixturePage.orchard, "Valley growers report record apple harvest"), (FixturePage.orchard, "October 2, 2023"),
        (FixturePage.council, "Read More"), (FixturePage.council, "Residents asked"), (FixturePage.council, "Contact"),
    ])
    func boilerplateAbsent(page: FixturePage, boilerplate: String) throws {
        let article = try page.extract()
        let leaked = article.paragraphs.filter { $0.contains(boilerplate) }
        #expect(leaked.isEmpty, "\(page.name): '\(boilerplate)' leaked into \(leaked)")
    }

    @Test("drops a lone word such as an image's alt text or a tag")
    func loneWordDropped() throws {
        let article = try FixturePage.orchard.extract()
        #expect(!article.paragraphs.contains("Apples"))
    }

    @Test("keeps captions apart from the body")
    func captionsApart() throws {
        let article = try FixturePage.harbour.extract()
        #expect(article.captions == ["The harbour bridge seen from the north quay on Thursday morning. (Photo: Tom Reyes)"])
        #expect(!article.paragraphs.contains { $0.contains("north quay on Thursday morning") })
    }

    @Test("reads metadata from meta tags, the canonical link and <html lang>")
    func metadataFromMetaTags() throws {
        let article = try FixturePage.harbour.extract()
        #expect(article.title == "Harbour bridge reopens after six-month repair")
        #expect(article.siteName == "The Coastal Courier")
        #expect(article.byline == "Mara Ellison")
        #expect(article.canonicalURL == "https://courier.example/news/harbour-bridge-reopens")
        #expect(article.language == "en-GB")
        #expect(article.published == Date(timeIntervalSince1970: 1_710_408_600))
    }

    @Test("reads metadata from JSON-LD when the page has no meta tags")
    func metadataFromJSONLD() throws {
        let article = try FixturePage.orchard.extract()
        #expect(article.title == "Valley growers report record apple harvest")
        #expect(article.byline == "Ilse Brandt, Omar Haddad")
        #expect(article.siteName == "Valley Wire")
        #expect(article.canonicalURL == "https://valleywire.example/2023/10/02/record-apple-harvest")
        #expect(article.language == "en")
        #expect(article.published == Date(timeIntervalSince1970: 1_696_241_700))
    }

    @Test("takes the title from <title> without the site's name when nothing better is declared")
    func titleFromDocumentTitle() throws {
        let article = try extract("""
            <html><head><title>Lighthouse keeper retires after 40 years | North Shore Post</title></head><body>
            <div><p>After four decades of climbing the same spiral stairs, the keeper handed over the keys on Monday.</p>
            <p>She plans to stay in the village, she said, and will still walk up to the lamp room on clear evenings.</p></div>
            </body></html>
            """)
        #expect(article.title == "Lighthouse keeper retires after 40 years")
    }

    @Test("keeps one copy of a paragraph repeated in the page, such as a standfirst")
    func repeatedStandfirstOnce() throws {
        let article = try FixturePage.orchard.extract()
        let copies = article.paragraphs.filter { $0.hasPrefix("Orchards across the valley picked more fruit") }
        #expect(copies.count == 1)
    }

    @Test("keeps a list of sentences inside the article, in place")
    func inArticleListKept() throws {
        let paragraphs = try FixturePage.orchard.extract().paragraphs
        let intro = try #require(paragraphs.firstIndex(of: "The association listed three reasons for the record:"))
        #expect(Array(paragraphs[(intro + 1)...].prefix(4)) == [
            "New high-density plantings on the eastern slopes came into full production this year.",
            "Fewer pickers left before the end of the season, because wages rose by twelve per cent.",
            "Cold stores at the cooperative were enlarged, so fruit could be picked at its peak.",
            "Prices at the farm gate fell slightly as a result, and some smaller growers said the record crop had "
                + "not made them any richer.",
        ])
    }

    @Test("explains every dropped block with the signal that dropped it")
    func explainListsDroppedBlocks() throws {
        let decisions = try FixturePage.orchard.explain()
        func decision(_ prefix: String) -> BlockDecision? { decisions.first { $0.text.hasPrefix(prefix) } }
        let readingTime = try #require(decision("1 min read"))
        #expect(!readingTime.kept && readingTime.reason == "outside the content root")
        let alsoRead = try #require(decision("ALSO READ"))
        #expect(!alsoRead.kept && alsoRead.reason == "boilerplate phrase 'also read'")
        let fileName = try #require(decision("IMG_20231001_0932"))
        #expect(!fileName.kept && fileName.reason == "image file name")
        let loneWord = try #require(decision("Apples"))
        #expect(!loneWord.kept && loneWord.reason == "lone word")
        let kept = try #require(decision("The association said its members harvested"))
        #expect(kept.kept && kept.reason == "paragraph")
        #expect(kept.path.hasPrefix("html>body>div>div>div>p"))
        #expect(kept.line > 1)
    }

    @Test("explains elements removed by their class names")
    func explainRemovedElements() throws {
        let decisions = try FixturePage.harbour.explain()
        let newsletter = try #require(decisions.first { $0.text.hasPrefix("Sign up for the Courier Daily") })
        #expect(!newsletter.kept)
        #expect(newsletter.reason == "removed: class/id says 'newsletter'")
        #expect(newsletter.path.hasSuffix("div.newsletter-signup"))
    }

    @Test("reports an empty page as not HTML, naming the URL")
    func emptyInput() throws {
        let error = #expect(throws: ExtractionError.self) {
            try ArticleExtractor().extract(html: [], url: "https://example.test/empty", charset: nil)
        }
        #expect(error?.kind == .notHTML)
        #expect(error?.description.contains("https://example.test/empty") == true)
    }

    @Test("reports plain text as not HTML")
    func plainTextInput() throws {
        let error = #expect(throws: ExtractionError.self) {
            try ArticleExtractor().extract(html: Array("just some words, no markup".utf8), url: nil, charset: nil)
        }
        #expect(error?.kind == .notHTML)
    }

    @Test("reports a page without article text as having no content")
    func noContent() throws {
        let error = #expect(throws: ExtractionError.self) {
            try extract("<html><body><nav><a href='/'>Home</a> <a href='/b'>News</a></nav></body></html>",
                        url: "https://example.test/nav")
        }
        #expect(error?.kind == .noContent)
        #expect(error?.description.contains("https://example.test/nav") == true)
    }
}
