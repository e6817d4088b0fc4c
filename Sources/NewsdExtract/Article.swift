public import Foundation

/// A news page reduced to what a reader came for: its metadata and its body text, one paragraph per block.
///
/// Produced by ``ArticleExtractor``. Every field except ``paragraphs`` may be missing, because pages leave them out.
public struct Article: Sendable, Equatable {
    /// The headline (from JSON-LD, `og:title`, the page's `<h1>` or its `<title>`, in that order of trust).
    public var title: String?
    /// The author or authors as the page names them ("Frank Fang"), without a leading "By".
    public var byline: String?
    /// The names in ``byline`` apart, in order: "Jane Roe and John Doe" gives two.
    public var bylines: [String] { byline.map(BylineNames.split) ?? [] }
    /// The URL the page declares as its own (`<link rel=canonical>`, then `og:url`), resolved to absolute form;
    /// `nil` when the page declares none.
    public var canonicalURL: String?
    /// The page's language tag as declared (`<html lang>`, JSON-LD `inLanguage`, `og:locale`), e.g. `en` or `en-US`.
    public var language: String?
    /// The publication's name (`og:site_name`, JSON-LD publisher).
    public var siteName: String?
    /// When the article was first published, if the page says so in a machine-readable form.
    public var published: Date?
    /// The body text: one entry per block of the article, in document order, whitespace collapsed, with
    /// boilerplate, captions and repeats left out.
    public var paragraphs: [String]
    /// Image captions and credits of the article's figures, kept apart from the body.
    public var captions: [String]
    /// When the article was last changed, if the page says so in a machine-readable form
    /// (`article:modified_time`, JSON-LD `dateModified`, `itemprop=dateModified`).
    public var modified: Date?
    /// The section the publication files the article under (`article:section`, JSON-LD `articleSection`).
    public var section: String?
    /// The article's lead image as an absolute URL (`og:image`, `twitter:image`, JSON-LD `image`).
    public var leadImage: String?
    /// The standfirst (dek): the summary under the headline, kept apart from the body.
    public var standfirst: String?
    /// Pull quotes: sentences of the body repeated large for display, kept apart so the body has each once.
    public var pullQuotes: [String]
    /// Whether the page is the article, or a paywall stub or consent wall standing in its place.
    public var access: ArticleAccess
    /// schema.org `isAccessibleForFree` as the page declares it (JSON-LD or microdata); `nil` when it does not.
    public var isAccessibleForFree: Bool?
    /// Whether the page marks part of itself as for subscribers only (schema.org `hasPart` with
    /// `isAccessibleForFree: false` and a `cssSelector`) and that part is on the page. Its text stays in the body
    /// (the page was served it); consumers that must not republish subscriber text can hold such records back.
    public var hasPaywalledSection: Bool

    public init(
        title: String? = nil, byline: String? = nil, canonicalURL: String? = nil, language: String? = nil,
        siteName: String? = nil, published: Date? = nil, paragraphs: [String] = [], captions: [String] = [],
        modified: Date? = nil, section: String? = nil, leadImage: String? = nil, standfirst: String? = nil,
        pullQuotes: [String] = [], access: ArticleAccess = .open, isAccessibleForFree: Bool? = nil,
        hasPaywalledSection: Bool = false
    ) {
        self.title = title
        self.byline = byline
        self.canonicalURL = canonicalURL
        self.language = language
        self.siteName = siteName
        self.published = published
        self.paragraphs = paragraphs
        self.captions = captions
        self.modified = modified
        self.section = section
        self.leadImage = leadImage
        self.standfirst = standfirst
        self.pullQuotes = pullQuotes
        self.access = access
        self.isAccessibleForFree = isAccessibleForFree
        self.hasPaywalledSection = hasPaywalledSection
    }

    /// The body as plain text: paragraphs separated by blank lines (what `newsd extract` prints).
    public var bodyText: String {
        paragraphs.joined(separator: "\n\n")
    }
}

/// What a page gives a reader: the article, or a wall in front of it.
public enum ArticleAccess: String, Sendable, Equatable, CaseIterable {
    /// The article's text is on the page.
    case open
    /// A paywall stub: the page is marked not free (`isAccessibleForFree: false`) or asks the reader to subscribe,
    /// and carries only a teaser; its paragraphs are that teaser, not the article.
    case paywalled
    /// A cookie or consent wall stands in place of the article; its text is not taken as a body.
    case consentWall = "consent-wall"
}
