import Foundation
internal import NewsdXML

/// An Atom text construct (`title`, `subtitle`, `summary`, `content`) read according to its type.
///
/// Atom 1.0 says `type="text|html|xhtml"`; Atom 0.3 gives a MIME type and a `mode` of `escaped`, `xml` or
/// `base64`.
struct AtomText {
    enum Kind {
        /// Plain text.
        case text
        /// Escaped HTML: the element's text is markup.
        case html
        /// Inline XHTML (or other XML): the element's children are the markup.
        case xhtml
    }

    private let node: MarkupNode
    let kind: Kind
    /// The media type to report for the value (`text/plain`, `text/html`, `application/xhtml+xml`, or as given).
    let mediaType: String
    private let isBase64: Bool

    init(_ node: MarkupNode) {
        self.node = node
        let type = node.trimmedAttribute("type")?.lowercased() ?? "text"
        let mode = node.trimmedAttribute("mode")?.lowercased()
        isBase64 = mode == "base64"
        switch type {
        case "text", "text/plain": kind = .text; mediaType = "text/plain"
        case "html", "text/html": kind = mode == "xml" ? .xhtml : .html; mediaType = "text/html"
        case "xhtml", "application/xhtml+xml": kind = .xhtml; mediaType = "application/xhtml+xml"
        default:
            kind = type.hasSuffix("+xml") || type.hasSuffix("/xml") || mode == "xml" ? .xhtml : .text
            mediaType = type
        }
    }

    /// The value as written: HTML for `html`, the serialised markup for `xhtml`, text for `text`.
    var raw: String? {
        switch kind {
        case .text, .html:
            guard let text = kind == .html ? node.htmlValue : node.trimmedText else { return nil }
            guard isBase64 else { return text }
            return Data(base64Encoded: text, options: .ignoreUnknownCharacters)
                .map { String(decoding: $0, as: UTF8.self) }?.trimmingSpaces.nonEmpty
        case .xhtml:
            return markupRoot.innerMarkup.trimmingSpaces.nonEmpty
        }
    }

    /// The value as plain text, for titles: tags stripped and references decoded for `html`, whitespace collapsed.
    var plain: String? {
        let text: String?
        switch kind {
        case .text: text = raw.map(PlainText.collapsingWhitespace)
        case .html: text = raw.map(PlainText.fromHTML)
        case .xhtml: text = PlainText.collapsingWhitespace(markupRoot.textContent)
        }
        return text?.nonEmpty
    }

    /// For inline XHTML, the wrapping `<div>` the spec requires, if present; else the element itself.
    private var markupRoot: MarkupNode {
        let elements = node.elementChildren
        if elements.count == 1, elements[0].isElement("div", in: Namespace.xhtml) { return elements[0] }
        return node
    }
}
