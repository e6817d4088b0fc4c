internal import NewsdXML

/// Reads Atom 1.0 and Atom 0.3 documents (`<feed>`), whose modelled elements differ only in a few names
/// (`tagline`, `issued`, `modified`) and in how 0.3 spells content types (`type` MIME type plus `mode`).
struct AtomReader {
    private let root: MarkupNode
    private let scope: ElementScope
    private let format: FeedFormat
    private let home: [String?]

    init(root: MarkupNode, scope: ElementScope, format: FeedFormat) {
        self.root = root
        self.scope = scope
        self.format = format
        self.home = [root.namespaceURI]
    }

    func read() -> Feed {
        var feed = Feed(format: format, language: scope.language)
        var updated: DateText?
        for child in root.elementChildren {
            let childScope = scope.entering(child)
            if home.contains(child.namespaceURI) {
                switch child.name {
                case "title": feed.title = feed.title ?? AtomText(child).plain
                case "subtitle", "tagline": feed.subtitle = feed.subtitle ?? AtomText(child).raw
                case "id": feed.id = feed.id ?? child.trimmedText
                case "link":
                    if let link = AtomLinkReader.link(child, scope: childScope) { feed.links.append(link) }
                case "updated", "modified": updated = updated ?? DateText(child)
                case "author": feed.author = feed.author ?? Self.personName(child)
                default: break
                }
                continue
            }
            if child.isElement("language", in: Namespace.dublinCore) {
                feed.language = feed.language ?? child.trimmedText
            }
        }
        feed.link = AtomLinkReader.alternate(in: feed.links)?.href
        // Entries anywhere in the tree: recovery from a broken tag can nest one entry inside the previous one.
        feed.items = root.descendants(named: "entry", in: home, scope: scope).map {
            readEntry($0.node, scope: $0.scope)
        }
        feed.updated = updated?.date
        feed.updatedText = updated?.text
        return feed
    }

    private func readEntry(_ entry: MarkupNode, scope: ElementScope) -> FeedItem {
        var item = FeedItem()
        var published: DateText?
        var updated: DateText?
        for child in entry.elementChildren {
            let childScope = scope.entering(child)
            if home.contains(child.namespaceURI) {
                switch child.name {
                case "id": item.id = item.id ?? child.trimmedText
                case "title": item.title = item.title ?? AtomText(child).plain
                case "summary": item.summary = item.summary ?? AtomText(child).raw
                case "content":
                    guard item.content == nil, child.attribute("src") == nil else { break }
                    let text = AtomText(child)
                    item.content = text.raw
                    item.contentType = text.raw == nil ? nil : text.mediaType
                case "link":
                    guard let link = AtomLinkReader.link(child, scope: childScope) else { break }
                    item.links.append(link)
                    if link.rel == "enclosure" {
                        item.enclosures.append(FeedEnclosure(href: link.href, type: link.type, length: link.length))
                    }
                case "author": item.author = item.author ?? Self.personName(child)
                case "published", "issued": published = published ?? DateText(child)
                case "updated", "modified": updated = updated ?? DateText(child)
                case "category":
                    if let term = child.trimmedAttribute("term") {
                        let tag = FeedTag(term: term, scheme: child.trimmedAttribute("scheme"),
                                          label: child.trimmedAttribute("label"))
                        item.tags.append(tag)
                    }
                default: break
                }
                continue
            }
            switch (child.namespaceURI, child.name) {
            case (Namespace.dublinCore, "creator"): item.author = item.author ?? child.trimmedText
            case (Namespace.dublinCore, "subject"):
                if let term = child.trimmedText { item.tags.append(FeedTag(term: term)) }
            case (Namespace.dublinCoreTerms, "issued"): published = published ?? DateText(child)
            case (Namespace.dublinCoreTerms, "modified"): updated = updated ?? DateText(child)
            default: break
            }
        }
        item.link = AtomLinkReader.alternate(in: item.links)?.href
        item.published = published?.date
        item.publishedText = published?.text
        item.updated = updated?.date
        item.updatedText = updated?.text
        return item
    }

    /// An Atom person construct's `<name>`.
    private static func personName(_ person: MarkupNode) -> String? {
        person.elementChildren.first { $0.name == "name" }?.trimmedText
    }
}

/// Atom `<link>` elements, which RSS feeds also borrow as `atom:link`.
enum AtomLinkReader {
    /// The link an element declares, its `href` resolved in the element's own scope; `nil` without an `href` or
    /// when the `href` cannot be resolved.
    static func link(_ node: MarkupNode, scope: ElementScope) -> FeedLink? {
        guard let href = node.trimmedAttribute("href").flatMap(scope.resolve) else { return nil }
        return FeedLink(
            rel: node.trimmedAttribute("rel") ?? "alternate", href: href,
            type: node.trimmedAttribute("type"), title: node.trimmedAttribute("title"),
            length: node.trimmedAttribute("length"))
    }

    /// The page the item or channel stands for: the first `alternate` link of an HTML type (or of no type),
    /// else the first `alternate` link at all.
    static func alternate(in links: [FeedLink]) -> FeedLink? {
        let alternates = links.filter { $0.rel == "alternate" }
        return alternates.first { $0.type.map { $0.contains("html") } ?? true } ?? alternates.first
    }
}
