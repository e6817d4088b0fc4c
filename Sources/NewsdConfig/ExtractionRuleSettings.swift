/// A source's own extraction rules from its `rules:` mapping, kept as the text the user wrote.
///
/// The loader only checks them (each `drop_patterns` entry must be a valid regular expression); the extract
/// module compiles and applies them. Empty settings mean "use the generic extractor as is".
public struct ExtractionRuleSettings: Sendable, Equatable {
    /// An XPath selecting the element that holds the article body (`content_xpath`), or `nil` to find it
    /// heuristically.
    public var contentXPath: String?
    /// XPaths of elements to delete before extraction, such as share bars or related-story boxes
    /// (`remove_xpaths`).
    public var removeXPaths: [String]
    /// Regular expressions (NSRegularExpression syntax); a paragraph matching any of them is dropped
    /// (`drop_patterns`).
    public var dropPatterns: [String]

    /// Creates rule settings; the defaults are "no rules".
    public init(contentXPath: String? = nil, removeXPaths: [String] = [], dropPatterns: [String] = []) {
        self.contentXPath = contentXPath
        self.removeXPaths = removeXPaths
        self.dropPatterns = dropPatterns
    }

    /// Whether no rule is set.
    public var isEmpty: Bool {
        contentXPath == nil && removeXPaths.isEmpty && dropPatterns.isEmpty
    }
}
