import NewsdConfig
import NewsdExtract

extension SourcePass {
    /// Extracts a page under the source's site template, then teaches the template the page.
    ///
    /// The template comes from the state database and goes back after every page, so it survives restarts and a
    /// page is judged by the pages before it, never by itself. A template that cannot be read or saved is logged
    /// and the page extracted anyway: learning is an improvement, never a reason to lose an article.
    ///
    /// - Throws: ``ExtractionError`` as ``ArticleExtractor/extract(html:url:charset:)`` does.
    func extractLearning(html: [UInt8], url: String, charset: String?) throws(ExtractionError) -> Article {
        let settings = source.siteTemplate
        guard settings.enabled else { return try extractor.extract(html: html, url: url, charset: charset) }
        var template = loadTemplate(settings)
        let extraction = try extractor.extract(html: html, url: url, charset: charset, template: template)
        // A consent wall or an empty page neither becomes a record nor teaches the template.
        let article = try extraction.article.checked(url: url)
        template.learn(extraction.sample)
        do {
            try desk.saveSiteTemplate(template.encoded(), source: source.id)
        } catch {
            logger.warning("could not save the site template: \(error)", metadata: ["url": "\(url)"])
        }
        return article
    }

    private func loadTemplate(_ settings: SiteTemplateSettings) -> SiteTemplate {
        do {
            guard let bytes = try desk.siteTemplate(source: source.id) else { return SiteTemplate(settings: settings) }
            return try SiteTemplate(decoding: bytes, settings: settings)
        } catch {
            logger.warning("site template unavailable, starting afresh: \(error)")
            return SiteTemplate(settings: settings)
        }
    }
}
