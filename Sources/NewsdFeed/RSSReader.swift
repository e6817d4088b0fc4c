import Foundation
import NewsdDates
internal import NewsdXML

/// Reads the RSS family: `<rss>` (0.91–0.94, 2.0) and `<rdf:RDF>` (0.90, 1.0), which share their element names.
///
/// RSS 2.0 elements have no namespace (a few feeds give the root a default namespace, which is accepted too);
/// RSS 1.0 elements live in `http://purl.org/rss/1.0/`. Extensions (Dublin Core, `content:encoded`, `atom:link`)
/// are matched by namespace.
struct RSSReader {
    private let root: MarkupNode
    private let scope: ElementScope
    private let format: FeedFormat
    /// The namespaces the core RSS element names are accepted in.
    private let home: [String?]

    init(root: MarkupNode, scope: ElementScope, format: FeedFormat) {
        self.root = root
        self.scope = scope
        self.format = format
        switch format {
        case .rss10: home = [Namespace.rss10, nil]
        case .rss090: home = [Namespace.rss090, nil]
        default: home = [nil, root.namespaceURI]
        }
    }

    /// The channel's fields and items. RSS 2.0 puts items inside `<channel>`, RDF beside it; items are taken
    /// from anywhere in the document, because libxml2's recovery from a broken tag can nest the next item inside
    /// the previous one.
    func read() -> Feed {
        var feed = Feed(format: format)
        let channel = root.child(named: "channel", in: home)
        let channelScope = channel.map(scope.entering) ?? scope
        if let channel {
            readChannel(channel, scope: channelScope, into: &feed)
        }
        feed.language = feed.language ?? channelScope.language
        feed.items = root.descendants(named: "item", in: home, scope: scope).map { readItem($0.node, scope: $0.scope) }
        return feed
    }

    private func readChannel(_ channel: MarkupNode, scope: ElementScope, into feed: inout Feed) {
        feed.id = channel.attribute("about", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty
        var pubDate: DateText?
        var dcDate: DateText?
        var lastBuildDate: DateText?
        var atomLinks: [FeedLink] = []
        for child in channel.elementChildren {
            let childScope = scope.entering(child)
            if home.contains(child.namespaceURI) {
                switch child.name {
                case "title": feed.title = feed.title ?? child.trimmedText.map(PlainText.fromHTML)
                case "link":
                    if feed.link == nil, let href = child.trimmedText.flatMap(childScope.resolve) {
                        feed.link = href
                        feed.links.append(FeedLink(rel: "alternate", href: href, type: "text/html"))
                    }
                case "description": feed.subtitle = feed.subtitle ?? child.trimmedText
                case "language": feed.language = feed.language ?? child.trimmedText
                case "managingEditor": feed.author = feed.author ?? child.trimmedText
                case "pubDate": pubDate = pubDate ?? DateText(child)
                case "lastBuildDate": lastBuildDate = lastBuildDate ?? DateText(child)
                default: break
                }
                continue
            }
            switch (child.namespaceURI, child.name) {
            case (Namespace.dublinCore, "language"): feed.language = feed.language ?? child.trimmedText
            case (Namespace.dublinCore, "creator"): feed.author = feed.author ?? child.trimmedText
            case (Namespace.dublinCore, "date"): dcDate = dcDate ?? DateText(child)
            case (Namespace.atom10, "link"):
                if let link = AtomLinkReader.link(child, scope: childScope) { atomLinks.append(link) }
            default: break
            }
        }
        feed.links += atomLinks
        feed.link = feed.link ?? AtomLinkReader.alternate(in: atomLinks)?.href
        if let updated = lastBuildDate ?? dcDate ?? pubDate {
            feed.updated = updated.date
            feed.updatedText = updated.text
        }
    }

    private func readItem(_ node: MarkupNode, scope: ElementScope) -> FeedItem {
        var item = FeedItem()
        item.id = node.attribute("about", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty
        var guidLink: String?
        var atomLinks: [FeedLink] = []
        var published: DateText?
        var updated: DateText?
        for child in node.elementChildren {
            let childScope = scope.entering(child)
            if home.contains(child.namespaceURI) {
                switch child.name {
                case "title": item.title = item.title ?? child.trimmedText.map(PlainText.fromHTML)
                case "link":
                    if item.link == nil, let href = child.trimmedText.flatMap(childScope.resolve) {
                        item.link = href
                        item.links.append(FeedLink(rel: "alternate", href: href, type: "text/html"))
                    }
                case "description": item.summary = item.summary ?? child.htmlValue
                case "guid":
                    guard item.id == nil, let guid = child.trimmedText else { break }
                    item.id = guid
                    if child.attribute("isPermaLink")?.trimmingSpaces.lowercased() != "false", guid.isWebURL {
                        guidLink = guid
                    }
                case "author": item.author = item.author ?? child.trimmedText
                case "pubDate": published = published ?? DateText(child)
                case "category":
                    if let term = child.trimmedText {
                        item.tags.append(FeedTag(term: term, scheme: child.trimmedAttribute("domain")))
                    }
                case "enclosure":
                    if let url = child.trimmedAttribute("url"), let href = childScope.resolve(url) {
                        let type = child.trimmedAttribute("type")
                        let length = child.trimmedAttribute("length")
                        item.enclosures.append(FeedEnclosure(href: href, type: type, length: length))
                        item.links.append(FeedLink(rel: "enclosure", href: href, type: type, length: length))
                    }
                default: break
                }
                continue
            }
            switch (child.namespaceURI, child.name) {
            case (Namespace.content, "encoded"):
                if item.content == nil, let html = child.htmlValue {
                    item.content = html
                    item.contentType = "text/html"
                }
            case (Namespace.dublinCore, "creator"): item.author = item.author ?? child.trimmedText
            case (Namespace.dublinCore, "date"): published = published ?? DateText(child)
            case (Namespace.dublinCore, "subject"):
                if let term = child.trimmedText { item.tags.append(FeedTag(term: term)) }
            case (Namespace.dublinCoreTerms, "modified"), (Namespace.atom10, "updated"):
                updated = updated ?? DateText(child)
            case (Namespace.atom10, "link"):
                if let link = AtomLinkReader.link(child, scope: childScope) { atomLinks.append(link) }
            default: break
            }
        }
        item.links += atomLinks
        item.link = item.link ?? AtomLinkReader.alternate(in: atomLinks)?.href ?? guidLink
        item.published = published?.date
        item.publishedText = published?.text
        item.updated = updated?.date
        item.updatedText = updated?.text
        return item
    }
}

/// A date element's text and what it parses to.
struct DateText {
    var text: String
    var date: Date?

    init?(_ node: MarkupNode) {
        guard let text = node.trimmedText else { return nil }
        self.text = text
        self.date = NewsDate.parse(text)
    }
}

extension String {
    /// Whether the string is an absolute http(s) URL, as a permalink `<guid>` must be to serve as the link.
    var isWebURL: Bool {
        let lowered = lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && !contains(" ")
    }
}
