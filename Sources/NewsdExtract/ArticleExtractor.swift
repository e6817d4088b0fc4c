import Foundation
import NewsdXML

/// Turns an HTML news page into an ``Article``: metadata, body paragraphs in order, captions apart, furniture out.
///
/// The steps, each a small type of its own:
/// 1. parse with libxml2 and apply the source's ``ExtractionRules`` removals;
/// 2. flatten the page once into a ``PageTree``, reading metadata (`<meta>`, `<link rel=canonical>`, JSON-LD) on the
///    way, and measure every element's text and link text bottom-up;
/// 3. remove furniture by element and class vocabulary (``BoilerplateRemover``);
/// 4. choose the content root by scoring containers (``ContentRootFinder``), unless a rule names it;
/// 5. cut the page into blocks in document order (``BlockWalker``);
/// 6. decide each block by general signals and context (``BlockClassifier``), recording why.
///
/// A value type with no state but its rules: share one across threads freely.
public struct ArticleExtractor: Sendable {
    private let rules: CompiledRules?

    /// An extractor using the general signals only.
    public init() {
        rules = nil
    }

    /// An extractor that also applies a source's rules.
    ///
    /// - Throws: ``ExtractionRuleError`` naming the first rule whose XPath or pattern does not compile.
    public init(rules: ExtractionRules) throws(ExtractionRuleError) {
        self.rules = rules.isEmpty ? nil : try CompiledRules(rules)
    }

    /// Extracts the article of a page.
    ///
    /// - Parameters:
    ///   - html: the page as received.
    ///   - url: the page's URL, for resolving the canonical link and for error messages.
    ///   - charset: the charset the server declared, which wins over `<meta charset>`; `nil` to sniff.
    /// A paywall stub is returned with its teaser as paragraphs and ``Article/access`` set to
    /// ``ArticleAccess/paywalled``.
    ///
    /// - Throws: ``ExtractionError`` when the bytes are not HTML, no article text is found, or a cookie or consent
    ///   wall stands in place of the article (``ExtractionError/Kind/consentWall``).
    public func extract(html: [UInt8], url: String?, charset: String?) throws(ExtractionError) -> Article {
        try run(html: html, url: url, charset: charset, explaining: false).article.checked(url: url)
    }

    /// Every candidate block of a page, kept or dropped, with the signal that decided it, in document order.
    ///
    /// Unlike ``extract(html:url:charset:)`` this does not throw when nothing is kept: that is when it helps most.
    public func explain(html: [UInt8], url: String?, charset: String?) throws(ExtractionError) -> [BlockDecision] {
        try run(html: html, url: url, charset: charset, explaining: true).decisions
    }

    /// The article and the decisions behind it, from one parse (for `newsd extract --explain`).
    ///
    /// Does not throw when nothing is kept; the article's paragraphs are then empty.
    public func extractExplaining(html: [UInt8], url: String?, charset: String?) throws(ExtractionError)
        -> ExplainedArticle
    {
        try run(html: html, url: url, charset: charset, explaining: true)
    }

    /// The one extraction. With `sampling`, the site template (if any) reviews the kept blocks and `sampling`
    /// receives what the page teaches the template.
    func run(html: [UInt8], url: String?, charset: String?, explaining: Bool, template: SiteTemplate? = nil,
             sampling: ((PageSample) -> Void)? = nil) throws(ExtractionError) -> ExplainedArticle
    {
        try Self.checkLooksLikeHTML(html, url: url)
        let document: MarkupDocument
        do {
            document = try MarkupDocument.html(html, url: url, encoding: charset)
        } catch {
            throw ExtractionError(kind: .unparsable, url: url, detail: error.detail)
        }
        var decisions: [BlockDecision] = []
        var contentNode: MarkupNode?
        if let rules {
            decisions = applyRemovals(rules.removeXPaths, to: document, explaining: explaining)
            if let xpath = rules.contentXPath {
                contentNode = (try? document.select(xpath))?.first { $0.kind == .element }
            }
        }

        var tree = PageTree(document: document, contentNode: contentNode)
        guard !tree.elements.isEmpty else {
            throw ExtractionError(kind: .notHTML, url: url, detail: "the page has no elements")
        }
        tree.measure()
        let removals = BoilerplateRemover.remove(from: &tree)
        tree.measure()
        let metadata = tree.metadata.resolve(url: url)

        let roots: [Int]
        if let forced = tree.forcedContent {
            roots = [forced]
        } else {
            roots = ContentRootFinder.find(in: tree)
        }
        var removalReasons: [Int: String] = [:]
        if explaining {
            for removal in removals { removalReasons[removal.element] = removal.reason }
        }
        let blocks = BlockWalker(tree: tree, roots: Set(roots), explaining: explaining, removalReasons: removalReasons)
            .blocks()

        let heading = Self.firstHeading(in: tree)
        let title = metadata.title ?? heading ?? metadata.documentTitle.map(Self.withoutSiteSuffix)
        var titleKeys: Set<String> = []
        for candidate in [metadata.title, heading, metadata.documentTitle, title] {
            if let candidate {
                let key = TextMeasure.key(candidate)
                if !key.isEmpty { titleKeys.insert(key) }
            }
        }
        let classifier = BlockClassifier(
            rules: rules, titleKeys: titleKeys, documentTitleKey: metadata.documentTitle.map(TextMeasure.key),
            captionScopes: Self.captionScopes(roots: roots, in: tree), tree: tree)
        var classified = classifier.classify(blocks)
        if let sampling {
            sampling(TemplateReview.review(&classified, tree: tree, url: url, template: template))
        }

        var article = Article(
            title: title.map { Self.withoutSiteName($0, siteName: metadata.siteName) }, byline: metadata.byline,
            canonicalURL: metadata.canonicalURL, language: metadata.language, siteName: metadata.siteName,
            published: metadata.published, modified: metadata.modified, section: metadata.section,
            leadImage: metadata.leadImage, isAccessibleForFree: metadata.isAccessibleForFree,
            hasPaywalledSection: PaywalledSection(selectors: metadata.paywalledSelectors).isPresent(in: tree))
        for entry in classified {
            switch entry.outcome {
            case .body:
                article.paragraphs.append(entry.block.text)
            case .caption:
                article.captions.append(entry.block.text)
            case .standfirst:
                article.standfirst = entry.block.text
            case .pullQuote:
                article.pullQuotes.append(entry.block.text)
            case .dropped:
                if article.byline == nil, entry.reason == "byline" {
                    let text = entry.block.text
                    article.byline = TextSignals.byline(text, lower: TextSignals.lowered(text),
                                                        words: TextMeasure.wordCount(text))
                }
            }
            if explaining {
                decisions.append(BlockDecision(
                    text: entry.block.text, path: tree.path(of: entry.block.owner),
                    line: tree.elements[entry.block.owner].line, kept: entry.outcome != .dropped,
                    reason: entry.reason))
            }
        }
        let access = AccessClassifier.classify(classified, removals: removals, tree: tree,
                                               isAccessibleForFree: metadata.isAccessibleForFree)
        article.access = access.access
        if access.access == .consentWall {
            article.paragraphs = []
        }
        if explaining, let reason = access.reason {
            decisions.append(BlockDecision(text: "(the whole page)", path: "html", line: 1, kept: false,
                                           reason: "\(access.access.rawValue): \(reason)"))
        }
        return ExplainedArticle(article: article, decisions: decisions)
    }

    /// Rejects bytes that cannot be an HTML page before libxml2 turns them into one.
    private static func checkLooksLikeHTML(_ html: [UInt8], url: String?) throws(ExtractionError) {
        guard html.contains(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) else {
            throw ExtractionError(kind: .notHTML, url: url, detail: "the page is empty")
        }
        let head = html.prefix(4096)
        if head.contains(0) {
            throw ExtractionError(kind: .notHTML, url: url, detail: "binary data (NUL bytes), not text")
        }
        guard html.prefix(65_536).contains(UInt8(ascii: "<")) else {
            throw ExtractionError(kind: .notHTML, url: url, detail: "plain text without any markup")
        }
    }

    /// Removes what the rules' XPaths select, innermost last-in-document first, so no node is freed twice.
    private func applyRemovals(_ xpaths: [String], to document: MarkupDocument, explaining: Bool) -> [BlockDecision] {
        var decisions: [BlockDecision] = []
        for xpath in xpaths {
            guard let nodes = try? document.select(xpath) else { continue }
            let removable = nodes.filter { $0.kind != .other }
            if explaining {
                for node in removable {
                    decisions.append(BlockDecision(
                        text: TextMeasure.collapse(node.textContent), path: Self.path(of: node), line: node.line,
                        kept: false, reason: "rule: remove '\(xpath)'"))
                }
            }
            for node in removable.reversed() { node.remove() }
        }
        return decisions
    }

    private static func path(of node: MarkupNode) -> String {
        var names: [String] = []
        var current: MarkupNode? = node
        while let element = current {
            names.append(element.name)
            current = element.parent
        }
        return names.reversed().joined(separator: ">")
    }

    /// The text of the page's first `<h1>`.
    private static func firstHeading(in tree: PageTree) -> String? {
        guard let index = tree.elements.firstIndex(where: { $0.kind == .heading(1) }) else { return nil }
        let text = tree.text(of: index)
        return text.isEmpty ? nil : text
    }

    /// The content roots and the `<article>` (or `articleBody`) element enclosing them: where captions count.
    private static func captionScopes(roots: [Int], in tree: PageTree) -> [Int] {
        var scopes = roots
        guard let first = roots.first else { return scopes }
        var ancestor = tree.elements[first].parent
        while ancestor >= 0 {
            let element = tree.elements[ancestor]
            if element.name == "article" || element.isArticleBody {
                scopes.append(ancestor)
                break
            }
            ancestor = element.parent
        }
        return scopes
    }

    /// "Headline | Site" → "Headline": a `<title>` usually ends with the site's name.
    static func withoutSiteSuffix(_ title: String) -> String {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let head = String(title[..<range.lowerBound])
            let tail = title[range.upperBound...]
            if TextMeasure.wordCount(String(tail)) <= 4, TextMeasure.wordCount(head) >= 3 { return head }
        }
        return title
    }

    /// Drops a trailing "| Site Name" when the site's name is known.
    static func withoutSiteName(_ title: String, siteName: String?) -> String {
        guard let siteName, !siteName.isEmpty, title.hasSuffix(siteName), title.count > siteName.count + 3 else {
            return title
        }
        var head = title.dropLast(siteName.count)
        while let last = head.last, last == " " || "|-–—:·".contains(last) { head = head.dropLast() }
        return head.isEmpty ? title : String(head)
    }
}
