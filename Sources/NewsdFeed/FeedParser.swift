internal import NewsdXML

/// Turns the bytes of an RSS or Atom document into a ``Feed``.
///
/// The dialect is sniffed from the document itself (the root element and its namespace), never from the declared
/// `Content-Type`, which servers often get wrong. Parsing is safe for hostile input: no network, no external
/// entities, no entity expansion (see ``ReferenceRewriter``), and malformed documents are read in recovery mode
/// with the problems reported in ``Feed/warnings``.
public struct FeedParser: Sendable {
    /// A parser; it holds no state, so one can be shared by every thread.
    public init() {}

    /// Parses a feed.
    ///
    /// - Parameters:
    ///   - bytes: the document as fetched.
    ///   - url: where it came from: the base for relative links, and named in errors.
    ///   - charset: the charset the server declared in `Content-Type`, which wins over the XML declaration;
    ///     `nil` to read the BOM and the declaration.
    /// - Throws: ``FeedError`` with kind `.notAFeed` when the document is an HTML page, JSON, or XML with another
    ///   root element; `.unparsable` when it is not XML at all, or is in an encoding whose entity declarations
    ///   cannot be checked before parsing (EBCDIC iconv cannot convert, UCS-4 in an unusual byte order).
    public func parse(_ bytes: [UInt8], url: String, charset: String? = nil) throws(FeedError) -> Feed {
        let input = try FeedInput(bytes: bytes, charset: charset, url: url)
        let document: MarkupDocument
        do {
            document = try MarkupDocument.xml(input.bytes, url: url, encoding: input.parserEncoding)
        } catch {
            if let found = Self.sniffNonXML(bytes) {
                throw FeedError(kind: .notAFeed, url: url, found: found)
            }
            throw FeedError(kind: .unparsable, url: url, detail: error.detail)
        }
        guard let root = document.root else {
            throw FeedError(kind: .unparsable, url: url, detail: "the document has no root element")
        }
        guard let format = Self.format(of: root, doctype: input.doctype) else {
            let found = Self.looksLikeHTML(bytes) ? "html" : root.name
            throw FeedError(kind: .notAFeed, url: url, found: found)
        }
        let scope = ElementScope(base: url).entering(root)
        var feed = format.isAtom
            ? AtomReader(root: root, scope: scope, format: format).read()
            : RSSReader(root: root, scope: scope, format: format).read()
        feed.items = Self.firstOfEachIdentity(feed.items)
        feed.warnings = input.warnings + document.diagnostics
        feed.encoding = input.encoding
        return feed
    }

    /// The dialect a root element stands for, as feedparser names it; `nil` when it is not a feed.
    static func format(of root: MarkupNode, doctype: String?) -> FeedFormat? {
        switch root.name.lowercased() {
        case "rss":
            if doctype?.lowercased().contains("netscape") == true { return .rss091Netscape }
            let version = root.attribute("version")?.trimmingSpaces ?? ""
            switch version {
            case "0.91": return .rss091Userland
            case "0.92": return .rss092
            case "0.93": return .rss093
            case "0.94": return .rss094
            default: return version.hasPrefix("2.") ? .rss20 : .rssUnknownVersion
            }
        case "rdf":
            let channel = root.elementChildren.first { $0.name == "channel" || $0.name == "item" }
            return channel?.namespaceURI == Namespace.rss090 ? .rss090 : .rss10
        case "feed":
            switch root.namespaceURI {
            case Namespace.atom10: return .atom10
            case Namespace.atom03: return .atom03
            default: return root.attribute("version")?.trimmingSpaces == "0.3" ? .atom03 : .atomUnknownVersion
            }
        default:
            return nil
        }
    }

    /// Keeps the first item of each identity: feeds repeat items, and a repeat is the same story.
    static func firstOfEachIdentity(_ items: [FeedItem]) -> [FeedItem] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0.identity).inserted }
    }

    /// What a document libxml2 could not read as XML looks like: `JSON`, `html`, or `nil` (unknown).
    static func sniffNonXML(_ bytes: [UInt8]) -> String? {
        let start = bytes.firstIndex { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        if let start, bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") { return "JSON" }
        return looksLikeHTML(bytes) ? "html" : nil
    }

    /// Whether the start of the document has an HTML doctype or `<html>` tag.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }
}
