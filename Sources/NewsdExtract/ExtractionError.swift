/// A page the extractor could not turn into an article.
public struct ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The bytes are empty, binary, or plain text without markup.
        case notHTML
        /// The page parsed, but no paragraph of article text survived extraction.
        case noContent
        /// libxml2 could not build a tree at all.
        case unparsable
        /// A cookie or consent wall stands where the article should be (see ``ArticleAccess/consentWall``).
        case consentWall
    }

    public var kind: Kind
    /// The page's URL or file, when the caller gave one.
    public var url: String?
    /// Details for a person: what was seen.
    public var detail: String

    public init(kind: Kind, url: String?, detail: String) {
        self.kind = kind
        self.url = url
        self.detail = detail
    }

    public var description: String {
        let place = url.map { "\($0): " } ?? ""
        switch kind {
        case .notHTML:
            return "\(place)not an HTML page (\(detail)); check that the URL serves an article page"
        case .noContent:
            return "\(place)no article text found (\(detail)); run `newsd extract --explain` to see every block "
                + "and why it was dropped, and add extraction rules for this source if needed"
        case .unparsable:
            return "\(place)could not parse the page (\(detail))"
        case .consentWall:
            return "\(place)\(detail); newsd retries the item later — if it persists, the site walls newsd's "
                + "requests: check the source's URL and user agent"
        }
    }
}
