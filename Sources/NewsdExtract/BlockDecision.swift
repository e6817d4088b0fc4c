/// What the extractor decided about one candidate block of a page, and why: the unit of `newsd extract --explain`.
///
/// Every block of text the extractor saw gets one decision: body paragraphs (kept), captions (kept apart), and
/// everything left out, whether a whole removed element (a `<nav>`, a share bar) or a single paragraph.
public struct BlockDecision: Sendable, Equatable, CustomStringConvertible {
    /// The longest ``text`` kept for display, in characters; longer text is cut and ends with "…".
    public static let displayLength = 100

    /// The block's text, whitespace collapsed and cut to ``displayLength`` characters.
    public var text: String
    /// Where the block sits, as element names from the root with the first class or the id:
    /// `html>body>div.main>p`.
    public var path: String
    /// The source line the block's element starts on.
    public var line: Int
    /// Whether the text reached the article (as a body paragraph or, for captions, as a caption).
    public var kept: Bool
    /// The signal that decided: `"paragraph"`, `"caption"`, `"link-dense (83% links)"`,
    /// `"boilerplate phrase 'also read'"`, `"removed <nav>"`, `"rule: drop pattern '^Advert'"`, …
    public var reason: String

    public init(text: String, path: String, line: Int, kept: Bool, reason: String) {
        self.text = Self.truncated(text)
        self.path = path
        self.line = line
        self.kept = kept
        self.reason = reason
    }

    /// One line for a terminal: `KEEP line 12 html>body>article>p  paragraph  "Text…"`.
    public var description: String {
        "\(kept ? "KEEP" : "DROP") line \(line) \(path)  \(reason)  \"\(text)\""
    }

    static func truncated(_ text: String) -> String {
        guard text.count > displayLength else { return text }
        return String(text.prefix(displayLength - 1)) + "…"
    }
}

/// An article together with the decisions that produced it, from one parse (for `newsd extract --explain`).
public struct ExplainedArticle: Sendable, Equatable {
    /// The article; its ``Article/paragraphs`` may be empty, since explaining a page with no content is useful.
    public var article: Article
    /// Every candidate block in document order, kept or dropped, and why.
    public var decisions: [BlockDecision]

    public init(article: Article, decisions: [BlockDecision]) {
        self.article = article
        self.decisions = decisions
    }
}
