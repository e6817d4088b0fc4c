/// A document that could not be parsed, or an XPath that could not be used.
public struct MarkupError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// libxml2 could not build a tree at all (empty input, not markup).
        case unparsable
        /// An XPath expression that does not compile.
        case invalidXPath(String)
    }

    public var kind: Kind
    /// The document's URL or file, when known.
    public var url: String?
    /// What libxml2 said.
    public var detail: String

    public init(kind: Kind, url: String?, detail: String) {
        self.kind = kind
        self.url = url
        self.detail = detail
    }

    public var description: String {
        let place = url.map { "\($0): " } ?? ""
        switch kind {
        case .unparsable:
            return "\(place)could not parse the document (\(detail)); check that the URL serves HTML or XML"
        case .invalidXPath(let expression):
            return "\(place)invalid XPath '\(expression)' (\(detail)); check its syntax"
        }
    }
}
