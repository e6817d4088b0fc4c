/// One page extracted under its source's site template, with what the page teaches the template.
public struct SiteExtraction: Sendable, Equatable {
    /// The article, after the template dropped the furniture it knows; its paragraphs may be empty.
    public var article: Article
    /// Every block, kept or dropped, and why (empty unless asked for): template drops read `site template: …`.
    public var decisions: [BlockDecision]
    /// Every block's keys on this page, kept or dropped: ``SiteTemplate/learn(_:)`` takes it.
    public var sample: PageSample

    public init(article: Article, decisions: [BlockDecision], sample: PageSample) {
        self.article = article
        self.decisions = decisions
        self.sample = sample
    }
}

extension Article {
    /// The article, if it is one a record can be made of.
    ///
    /// - Throws: ``ExtractionError`` of kind ``ExtractionError/Kind/consentWall`` when a cookie or consent wall stands
    ///   in place of the article, and of kind ``ExtractionError/Kind/noContent`` when no body paragraph is left.
    public func checked(url: String?) throws(ExtractionError) -> Article {
        if access == .consentWall {
            throw ExtractionError(kind: .consentWall, url: url, detail: "a cookie or consent wall instead of the article")
        }
        guard !paragraphs.isEmpty else {
            throw ExtractionError(kind: .noContent, url: url, detail: "every block was dropped as boilerplate")
        }
        return self
    }
}

extension ArticleExtractor {
    /// Extracts a page of a source whose site template is known (or being learned).
    ///
    /// The template (learned from the source's earlier pages) drops blocks the general signals kept but that
    /// recur across the site; the returned ``SiteExtraction/sample`` is this page's contribution to the template.
    /// Learning is left to the caller, so a page is applied the template of the pages before it, never its own.
    ///
    /// - Parameters:
    ///   - template: the source's template; `nil` (or one not yet active) drops nothing, but still samples.
    ///   - explaining: whether to return every block's decision.
    /// - Throws: ``ExtractionError`` when the bytes are not HTML. Unlike ``extract(html:url:charset:)`` this does not
    ///   throw when nothing is kept: check ``Article/paragraphs``.
    public func extract(html: [UInt8], url: String?, charset: String?, template: SiteTemplate?,
                        explaining: Bool = false) throws(ExtractionError) -> SiteExtraction
    {
        var sample = PageSample(page: 0, blocks: [])
        let explained = try run(html: html, url: url, charset: charset, explaining: explaining,
                                template: template?.settings.enabled == true ? template : nil,
                                sampling: { sample = $0 })
        return SiteExtraction(article: explained.article, decisions: explained.decisions, sample: sample)
    }
}
