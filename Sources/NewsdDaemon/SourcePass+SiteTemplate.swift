import NewsdConfig
import NewsdExtract

/// A source's site template for the length of one pass: read from the state database at the pass's first page,
/// taught every page in memory, and written back every ``saveInterval`` pages and when the pass ends — one read and
/// a few writes per pass instead of a read, a decode, an encode and a committed write per page. Learning is the
/// same either way: each page is judged by the pages before it, never by itself. Confined to its pass's thread.
final class PassSiteTemplate {
    /// Pages learned between two saves within a pass, bounding what a crash mid-pass forgets.
    static let saveInterval = 20

    var template: SiteTemplate?
    /// Pages learned since the template was last saved.
    var unsavedPages = 0
}

extension SourcePass {
    /// Extracts a page under the source's site template, then teaches the template the page.
    ///
    /// The template comes from the state database at the pass's first page and goes back during and after the
    /// pass (``PassSiteTemplate``), so it survives restarts. A template that cannot be read or saved is logged
    /// and the page extracted anyway: learning is an improvement, never a reason to lose an article.
    ///
    /// - Throws: ``ExtractionError`` as ``ArticleExtractor/extract(html:url:charset:)`` does.
    func extractLearning(html: [UInt8], url: String, charset: String?, template memory: PassSiteTemplate)
        throws(ExtractionError) -> Article
    {
        let settings = source.siteTemplate
        guard settings.enabled else { return try extractor.extract(html: html, url: url, charset: charset) }
        var template = memory.template ?? loadTemplate(settings)
        let extraction = try extractor.extract(html: html, url: url, charset: charset, template: template)
        memory.template = template
        // A consent wall or an empty page neither becomes a record nor teaches the template.
        let article = try extraction.article.checked(url: url)
        template.learn(extraction.sample)
        memory.template = template
        memory.unsavedPages += 1
        if memory.unsavedPages >= PassSiteTemplate.saveInterval {
            saveTemplate(memory)
        }
        return article
    }

    /// Writes the pass's template back to the state database if it learned a page since it was last saved.
    func saveTemplate(_ memory: PassSiteTemplate) {
        guard memory.unsavedPages > 0, let template = memory.template else { return }
        do {
            try desk.saveSiteTemplate(template.encoded(), source: source.id)
            memory.unsavedPages = 0
        } catch {
            logger.warning("could not save the site template: \(error)")
        }
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
