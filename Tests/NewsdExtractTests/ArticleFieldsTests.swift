import Foundation
import NewsdExtract
import Testing

/// Paragraphs of ordinary article text, long enough to be kept as the body.
private let story = """
    <p>The harbour bridge reopened to traffic on Monday morning after six weeks of repairs, the council said.</p>
    <p>Engineers replaced forty expansion joints and resurfaced the northern approach, working through weekends.</p>
    <p>Traders on the quay said footfall had fallen by a third during the closure, as shoppers stayed away.</p>
    """

private func page(head: String = "", article: String) -> String {
    "<html><head>\(head)</head><body><article><h1>Harbour bridge reopens</h1>\(article)</article></body></html>"
}

@Suite("Text set apart from the body: standfirst and pull quotes")
struct SetApartTextTests {
    @Test("the standfirst goes to its own field, not the body", arguments: [
        "<p class=\"standfirst\">Traffic is back two days early.</p>",
        "<div class=\"article-dek\">Traffic is back two days early.</div>",
        "<h2 class=\"subtitle\">Traffic is back two days early.</h2>",
    ])
    func standfirst(markup: String) throws {
        let article = try extract(page(article: markup + story))
        #expect(article.standfirst == "Traffic is back two days early.")
        #expect(!article.paragraphs.contains { $0.contains("two days early") })
        #expect(article.paragraphs.count == 3)
    }

    @Test("a pull quote goes to its own field, even inside an <aside>", arguments: [
        "<aside class=\"pullquote\">We worked weekends to finish early.</aside>",
        "<blockquote class=\"pull-quote\">We worked weekends to finish early.</blockquote>",
    ])
    func pullQuote(markup: String) throws {
        let article = try extract(page(article: story + markup))
        #expect(article.pullQuotes == ["We worked weekends to finish early."])
        #expect(!article.paragraphs.contains { $0.contains("worked weekends to finish") })
    }

    @Test("a quotation that is not a pull quote stays in the body")
    func blockquoteStays() throws {
        let article = try extract(page(article: story + "<blockquote>We worked weekends to finish early.</blockquote>"))
        #expect(article.pullQuotes.isEmpty)
        #expect(article.paragraphs.last == "We worked weekends to finish early.")
    }
}

@Suite("Page metadata: modified time, section, lead image")
struct ArticleMetadataTests {
    @Test("the modified time is read from meta tags, JSON-LD and microdata", arguments: [
        "<meta property=\"article:modified_time\" content=\"2026-11-23T09:40:00Z\">",
        "<meta property=\"og:updated_time\" content=\"2026-11-23T09:40:00Z\">",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"dateModified\":\"2026-11-23T09:40:00Z\"}</script>",
    ])
    func modifiedFromHead(head: String) throws {
        let article = try extract(page(head: head, article: story))
        #expect(article.modified == Date(timeIntervalSince1970: 1_795_426_800))
    }

    @Test("the modified time is read from a <time itemprop=dateModified>")
    func modifiedFromTime() throws {
        let article = try extract(page(article: "<time itemprop=\"dateModified\" datetime=\"2026-11-23T09:40:00Z\">"
            + "23 Nov</time>" + story))
        #expect(article.modified == Date(timeIntervalSince1970: 1_795_426_800))
    }

    @Test("the section is read from article:section, else JSON-LD articleSection", arguments: [
        ("<meta property=\"article:section\" content=\"City\">", "City"),
        ("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"articleSection\":[\"City\",\"Transport\"]}"
            + "</script>", "City"),
    ])
    func section(head: String, expected: String) throws {
        #expect(try extract(page(head: head, article: story)).section == expected)
    }

    @Test("the lead image is made absolute against the page's URL", arguments: [
        "<meta property=\"og:image\" content=\"/img/bridge.jpg\">",
        "<meta name=\"twitter:image\" content=\"https://example.test/img/bridge.jpg\">",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"image\":{\"@type\":\"ImageObject\","
            + "\"url\":\"https://example.test/img/bridge.jpg\"}}</script>",
    ])
    func leadImage(head: String) throws {
        let article = try extract(page(head: head, article: story), url: "https://example.test/news/bridge")
        #expect(article.leadImage == "https://example.test/img/bridge.jpg")
    }

    @Test("site name and language come from og:site_name and <html lang>")
    func siteNameAndLanguage() throws {
        let html = "<html lang=\"en-GB\"><head><meta property=\"og:site_name\" content=\"The Harbour Times\"></head>"
            + "<body><article><h1>Harbour bridge reopens</h1>\(story)</article></body></html>"
        let article = try extract(html)
        #expect(article.siteName == "The Harbour Times")
        #expect(article.language == "en-GB")
    }
}

@Suite("Paywall stubs and consent walls")
struct ArticleAccessTests {
    @Test("an ordinary article is open")
    func open() throws {
        #expect(try extract(page(article: story)).access == .open)
    }

    @Test("isAccessibleForFree is read from JSON-LD and microdata", arguments: [
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":\"False\"}</script>",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}</script>",
        "<meta itemprop=\"isAccessibleForFree\" content=\"false\">",
    ])
    func accessibleForFree(head: String) throws {
        #expect(try extract(page(head: head, article: story)).isAccessibleForFree == false)
    }

    @Test("a teaser behind a subscription notice is a paywall stub, and the notice is not body")
    func paywallNotice() throws {
        let html = page(article: "<p>The harbour bridge reopened to traffic on Monday after six weeks of repairs.</p>"
            + "<div class=\"notice\"><p>Subscribe to continue reading. Already a subscriber? Sign in.</p></div>")
        let article = try extract(html)
        #expect(article.access == .paywalled)
        #expect(article.paragraphs == ["The harbour bridge reopened to traffic on Monday after six weeks of repairs."])
    }

    @Test("an element classed paywall that asks for a subscription makes a short page a stub; a login button does not",
          arguments: [("Subscribe for full access to every story", ArticleAccess.paywalled), ("Log in Log out", .open)])
    func paywallElement(text: String, expected: ArticleAccess) throws {
        let html = "<html><body><div class=\"paywall-box\">\(text)</div><article><h1>Stabbing in Berlin</h1>"
            + "<p>The son of a former president was stabbed during a talk at a Berlin clinic on Tuesday, police said.</p>"
            + "</article></body></html>"
        #expect(try extract(html).access == expected)
    }

    @Test("isAccessibleForFree false with only a teaser is a paywall stub")
    func declaredNotFreeTeaser() throws {
        let head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}</script>"
        let html = page(head: head, article: "<p>The harbour bridge reopened to traffic on Monday after six weeks.</p>")
        #expect(try extract(html).access == .paywalled)
    }

    @Test("isAccessibleForFree false with the whole text on the page stays open")
    func declaredNotFreeWholeText() throws {
        let head = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"isAccessibleForFree\":false}</script>"
        let long = (1...12).map { "<p>Paragraph \($0) of the whole story: the council said the harbour bridge works "
            + "finished early, and traders described the \($0) weeks of the closure.</p>" }.joined()
        #expect(try extract(page(head: head, article: long)).access == .open)
    }

    @Test("a consent wall is an error naming it, and explained as such")
    func consentWall() throws {
        let html = """
            <html><body><div class="consent-banner"><h2>We value your privacy</h2>
            <p>We and our partners use cookies to store and access personal data on your device.</p>
            <p>You can accept all or manage options.</p></div></body></html>
            """
        #expect {
            _ = try extract(html)
        } throws: { error in
            (error as? ExtractionError)?.kind == .consentWall
        }
        let explained = try ArticleExtractor().extractExplaining(html: Array(html.utf8), url: nil, charset: nil)
        #expect(explained.article.access == .consentWall)
        #expect(explained.article.paragraphs.isEmpty)
        #expect(explained.decisions.contains { $0.reason.hasPrefix("consent-wall") })
    }

    @Test("a consent wall under a site template is refused before it can teach the template")
    func consentWallUnderTemplate() throws {
        let html = """
            <html><body><div class="consent-banner"><h2>We value your privacy</h2>
            <p>We and our partners use cookies to store and access personal data on your device.</p>
            <p>You can accept all or manage options.</p></div></body></html>
            """
        let extraction = try ArticleExtractor().extract(
            html: Array(html.utf8), url: "https://example.org/a", charset: nil,
            template: SiteTemplate(settings: SiteTemplateSettings()))
        #expect {
            _ = try extraction.article.checked(url: "https://example.org/a")
        } throws: { error in
            (error as? ExtractionError)?.kind == .consentWall
        }
    }

    @Test("a cookie banner on an article page does not make it a wall")
    func bannerOnArticle() throws {
        let html = page(article: story + "<div class=\"cookie-notice\">We use cookies. Accept all</div>")
        let article = try extract(html)
        #expect(article.access == .open)
        #expect(!article.paragraphs.contains { $0.contains("cookies") })
    }
}
