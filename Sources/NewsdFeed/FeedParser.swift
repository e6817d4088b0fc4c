import NewsdDates
internal import NewsdXML

/// Turns the bytes of an RSS, Atom, CDF or JSON Feed document into a ``Feed``.
///
/// The dialect is sniffed from the document itself (a JSON object with a jsonfeed.org `version`, else the XML root
/// element and its namespace), never from the declared `Content-Type`, which servers often get wrong. Parsing is safe for hostile input: no network, no external
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
    ///   - contentLocation: the server's `Content-Location`, resolved against `url`: the base for relative links
    ///     where the document declares no `xml:base` (as feedparser does); `nil` to use `url`.
    ///   - contentLanguage: the server's `Content-Language`: the language of the feed and its texts where the
    ///     document declares none (no `xml:lang`, no `<language>`).
    /// - Throws: ``FeedError`` with kind `.notAFeed` when the document is an HTML page, JSON that is not a JSON
    ///   Feed, or XML with another root element; `.unparsable` when it is not XML at all, or is in an encoding whose entity declarations
    ///   cannot be checked before parsing (EBCDIC iconv cannot convert, UCS-4 in an unusual byte order).
    public func parse(
        _ bytes: [UInt8], url: String, charset: String? = nil, contentLocation: String? = nil,
        contentLanguage: String? = nil
    ) throws(FeedError) -> Feed {
        if Self.startsLikeJSON(bytes) {
            return try JSONFeedReader(url: url).read(bytes)
        }
        let input = try FeedInput(bytes: bytes, charset: charset, url: url)
        let document: MarkupDocument
        do {
            // No URL for libxml2: it would turn it into a URI for every document (`xmlPathToURI`, a fixed cost of
            // several microseconds), yet newsd resolves references itself (`ElementScope`) and names the URL in
            // its own errors below.
            document = try MarkupDocument.xml(input.bytes, url: nil, encoding: input.parserEncoding)
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
        let scope = ElementScope(url: url, contentLocation: contentLocation, contentLanguage: contentLanguage)
            .entering(root)
        var feed = Self.read(root, scope: scope, format: format)
        feed.items = Self.distinguishingRepeats(feed.items)
        feed.warnings = input.warnings + document.diagnostics
        feed.encoding = input.encoding
        return feed
    }

    /// Reads the channel and the items of a document whose root is `root`.
    static func read(_ root: MarkupNode, scope: ElementScope, format: FeedFormat) -> Feed {
        var reader = ElementReader(format: format, rootNamespace: root.namespaceURI)
        let channel: MarkupNode?
        let itemName: String
        switch format {
        case .atom03, .atom10, .atomUnknownVersion:
            channel = root
            itemName = "entry"
        case .cdf:
            channel = root
            itemName = "item"
        default:
            channel = root.elementChildren.first { reader.key(of: $0) == "channel" }
            itemName = "item"
        }
        let channelScope = channel.map(scope.entering) ?? scope
        var fields = channel.map { reader.read($0, scope: channelScope, isEntry: false) } ?? ElementFields()
        let about = channel?.attribute("about", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty
        if format == .cdf, let channel {
            Self.readCDFAttributes(channel, scope: channelScope, into: &fields)
        }
        if let declared = fields.language, let channel {
            // Texts carry the channel's `<language>` even when they come before it: read again knowing it.
            reader.channelLanguage = declared
            fields = reader.read(channel, scope: channelScope, isEntry: false)
            if format == .cdf { Self.readCDFAttributes(channel, scope: channelScope, into: &fields) }
        }
        fields.language = fields.language ?? channelScope.language?.nonEmpty
        fields.id = fields.id ?? about
        var feed = Feed(format: format, header: fields.header(format: format))
        // Items anywhere in the tree, as recovery from a broken tag can nest one item inside the previous one; but
        // never inside text and markup elements, whose children are the markup of an article.
        let items = root.descendants(scope: scope) { node -> MarkupNode.SearchStep in
            guard let key = reader.key(of: node) else { return .skip }
            if key == itemName { return .take }
            return ElementReader.markupKeys.contains(key) ? .skip : .descend
        }
        feed.items = items.map { node, itemScope in
            var itemFields = reader.read(node, scope: itemScope, isEntry: true)
            if itemFields.id == nil, let about = node.attribute("about", namespace: Namespace.rdf)?.trimmingSpaces {
                itemFields.id = about.nonEmpty
            }
            if format == .cdf { Self.readCDFAttributes(node, scope: itemScope, into: &itemFields) }
            return itemFields.item()
        }
        return feed
    }

    /// CDF keeps the link and date in attributes: `HREF` and `LASTMOD`.
    private static func readCDFAttributes(_ node: MarkupNode, scope: ElementScope, into fields: inout ElementFields) {
        if let href = (node.attribute("HREF") ?? node.attribute("href")).flatMap(scope.resolve) {
            fields.link = href
            fields.links.append(FeedLink(rel: "alternate", href: href, type: "text/html"))
        }
        if let text = (node.attribute("LASTMOD") ?? node.attribute("lastmod"))?.trimmingSpaces.nonEmpty {
            fields.updated = FeedDate(text: text, date: NewsDate.parse(text))
        }
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
        case "channel":
            return .cdf
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

    /// Items that repeat an identity (the same GUID, or the same link without one): an exact repeat (same link,
    /// title and summary) is the same story and is dropped; a different item under a reused GUID is kept with an
    /// identity of its own, the GUID plus a hash of its link, title and summary, stable from poll to poll.
    public static func distinguishingRepeats(_ items: [FeedItem]) -> [FeedItem] {
        // One item repeats nothing; and its identity may need a content hash, which is not free.
        guard items.count > 1 else { return items }
        let identities = items.map(\.identity)
        var counts: [String: Int] = [:]
        for identity in identities { counts[identity, default: 0] += 1 }
        guard counts.count < items.count else { return items }
        var seen: [String: [String]] = [:]
        var result: [FeedItem] = []
        for (var item, base) in zip(items, identities) {
            guard counts[base, default: 0] > 1 else {
                result.append(item)
                continue
            }
            var hash = FNV1a64()
            hash.combine(item.link ?? "")
            hash.combine([0x1F])
            hash.combine(item.contentHash)
            let fingerprint = hash.hexDigest
            guard let earlier = seen[base] else {
                seen[base] = [fingerprint]
                result.append(item)
                continue
            }
            guard !earlier.contains(fingerprint) else { continue }
            seen[base, default: []].append(fingerprint)
            item.assignedIdentity = base + "#" + fingerprint
            result.append(item)
        }
        return result
    }

    /// What a document libxml2 could not read as XML looks like: `JSON`, `html`, or `nil` (unknown).
    static func sniffNonXML(_ bytes: [UInt8]) -> String? {
        if startsLikeJSON(bytes) { return "JSON" }
        return looksLikeHTML(bytes) ? "html" : nil
    }

    /// Whether the first byte after white space (and a UTF-8 byte-order mark) opens a JSON object or array.
    static func startsLikeJSON(_ bytes: [UInt8]) -> Bool {
        let start = bytes.firstIndex { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
        guard let start else { return false }
        return bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[")
    }

    /// Whether the start of the document has an HTML doctype or `<html>` tag.
    static func looksLikeHTML(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(2048), as: UTF8.self).lowercased()
        return head.contains("<!doctype html") || head.contains("<html")
    }
}
