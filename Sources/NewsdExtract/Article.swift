public import Foundation

/// A news page reduced to what a reader came for: its metadata and its body text, one paragraph per block.
///
/// Produced by ``ArticleExtractor``. Every field except ``paragraphs`` may be missing, because pages leave them out.
public struct Article: Sendable, Equatable {
    /// The headline (from JSON-LD, `og:title`, the page's `<h1>` or its `<title>`, in that order of trust).
    public var title: String?
    /// The author or authors as the page names them ("Frank Fang"), without a leading "By".
    public var byline: String?
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

    public init(
        title: String? = nil, byline: String? = nil, canonicalURL: String? = nil, language: String? = nil,
        siteName: String? = nil, published: Date? = nil, paragraphs: [String] = [], captions: [String] = []
    ) {
        self.title = title
        self.byline = byline
        self.canonicalURL = canonicalURL
        self.language = language
        self.siteName = siteName
        self.published = published
        self.paragraphs = paragraphs
        self.captions = captions
    }

    /// The body as plain text: paragraphs separated by blank lines (what `newsd extract` prints).
    public var bodyText: String {
        paragraphs.joined(separator: "\n\n")
    }
}
