import Foundation
import NewsdDates
internal import NewsdXML

/// Reads the elements of a channel, item, entry or Atom `<source>` into ``ElementFields``, for every XML
/// dialect at once, as feedparser does: an element means the same thing whichever format it appears in (`dc:title`
/// in RSS 1.0, `atom:link` in RSS 2.0, `<description>` in Atom 0.3), so one table serves RSS 0.9x–2.0, RSS 1.0,
/// Atom 0.3 and 1.0, and CDF.
///
/// Names are matched as feedparser keys them: the local name, lower-cased, prefixed by the namespace's usual
/// prefix (`dc_creator`, `content_encoded`); the core RSS and Atom namespaces have no prefix.
struct ElementReader {
    /// The dialect, which decides how text types are guessed (RSS) or declared (Atom).
    let format: FeedFormat
    /// The namespace of the document's root, read as a core namespace (RSS 2.0 feeds that declare one).
    let rootNamespace: String?
    /// The `<language>` the channel declared, the language of text that has no `xml:lang`.
    var channelLanguage: String?

    /// The fields of `node`'s child elements, each read in its own scope.
    func read(_ node: MarkupNode, scope: ElementScope, isEntry: Bool) -> ElementFields {
        var fields = ElementFields()
        for child in node.elementChildren {
            let childScope = scope.entering(child)
            guard let key = key(of: child) else { continue }
            read(child, key: key, scope: childScope, isEntry: isEntry, into: &fields)
        }
        return fields
    }

    /// Keys of the elements whose children are text or markup, never feed structure.
    static let markupKeys: Set<String> = [
        "title", "description", "summary", "content", "content_encoded", "xhtml_body", "body", "fullitem",
        "subtitle", "tagline", "info", "rights", "copyright", "dc_description", "abstract",
    ]

    /// The element's key (`title`, `dc_creator`), or `nil` for a namespace newsd does not read.
    func key(of node: MarkupNode) -> String? {
        let name = node.name.lowercased()
        guard let namespace = node.namespaceURI, namespace != rootNamespace else { return name }
        guard let prefix = Namespace.prefixes[namespace] else { return nil }
        return prefix.isEmpty ? name : prefix + "_" + name
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func read(_ node: MarkupNode, key: String, scope: ElementScope, isEntry: Bool,
                      into fields: inout ElementFields) {
        switch key {
        case "title", "dc_title":
            fields.title = text(node, scope: scope, defaultType: "text/plain")
        case "description", "dc_description", "summary", "abstract":
            let defaultType = key == "description" || key == "dc_description" ? "text/html" : "text/plain"
            guard let value = text(node, scope: scope, defaultType: defaultType) else { break }
            if isEntry {
                if fields.summary != nil, !fields.summaryFromContent {
                    fields.contents.append(value)
                } else {
                    fields.summary = value
                    fields.summaryFromContent = false
                }
            } else {
                fields.subtitle = value
            }
        case "subtitle", "tagline":
            fields.subtitle = text(node, scope: scope, defaultType: "text/plain")
        case "info", "feedburner_browserfriendly":
            fields.info = text(node, scope: scope, defaultType: "text/plain")
        case "rights", "copyright", "dc_rights":
            fields.rights = text(node, scope: scope, defaultType: "text/plain")
        case "content", "content_encoded", "fullitem", "xhtml_body", "body":
            let defaultType = key == "content" ? "text/plain"
                : key.hasSuffix("body") ? "application/xhtml+xml" : "text/html"
            guard var value = text(node, scope: scope, defaultType: defaultType, keepEmpty: true) else { break }
            if key == "content", let source = node.trimmedAttribute("src") {
                value.source = scope.resolve(source) ?? source
            }
            fields.contents.append(value)
            if fields.summary == nil, value.type == "text/plain" || value.type == "text/html"
                || value.type == "application/xhtml+xml", value.source == nil {
                fields.summary = value
                fields.summaryFromContent = true
            }
        case "link":
            readLink(node, scope: scope, into: &fields)
        case "id", "guid":
            guard let id = node.trimmedText else { break }
            fields.id = id
            if key == "guid" {
                let isPermaLink = (node.attribute("isPermaLink") ?? node.attribute("ispermalink"))?.trimmingSpaces
                    .lowercased() ?? "true"
                fields.guidIsLink = isPermaLink == "true" && fields.link == nil
                if fields.guidIsLink == true, fields.link == nil, id.isWebURL {
                    fields.link = id
                    fields.guidLink = true
                }
            }
        case "language", "dc_language":
            fields.language = node.trimmedText.map(ElementScope.languageTag)
        case "author", "managingeditor", "dc_creator", "dc_author", "itunes_author":
            if let person = person(node, scope: scope) { fields.authors.append(person) }
        case "contributor", "dc_contributor":
            if let person = person(node, scope: scope) { fields.contributors.append(person) }
        case "webmaster", "dc_publisher":
            fields.publisher = person(node, scope: scope)
        case "generator":
            let href = (node.trimmedAttribute("uri") ?? node.trimmedAttribute("url")).flatMap(scope.resolve)
            let generator = FeedGenerator(name: node.trimmedText, href: href, version: node.trimmedAttribute("version"))
            if generator != FeedGenerator() { fields.generator = generator }
        case "admin_generatoragent":
            if let resource = node.attribute("resource", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty {
                fields.generator = FeedGenerator(href: resource)
            }
        case "admin_errorreportsto":
            if let resource = node.attribute("resource", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty {
                fields.extensions["errorreportsto"] = .text(resource)
            }
        case "icon":
            fields.icon = node.trimmedText.flatMap(scope.resolve)
        case "logo":
            fields.logo = node.trimmedText.flatMap(scope.resolve)
        case "image":
            if !isEntry { fields.image = image(node, scope: scope) }
        case "textinput":
            for child in node.elementChildren {
                guard let value = child.trimmedText else { continue }
                let name = child.name.lowercased()
                fields.textInput[name] = name == "link" ? scope.entering(child).resolve(value) ?? value : value
            }
        case "updated", "modified", "lastbuilddate", "dc_date", "dcterms_modified":
            fields.updated = date(node) ?? fields.updated
        case "published", "issued", "pubdate", "dcterms_issued":
            fields.published = date(node) ?? fields.published
        case "created", "dcterms_created":
            fields.created = date(node) ?? fields.created
        case "expirationdate":
            fields.expired = date(node) ?? fields.expired
        case "dcterms_valid":
            for part in (node.trimmedText ?? "").split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
                guard pair.count == 2, pair[0] == "start" || pair[0] == "end" else { continue }
                fields.extensions["validity_" + pair[0]] = .text(pair[1])
            }
        case "category", "dc_subject", "keywords":
            if let term = node.trimmedAttribute("term") {
                fields.tags.append(FeedTag(term: term, scheme: node.trimmedAttribute("scheme"),
                                           label: node.trimmedAttribute("label")))
            } else if let term = node.trimmedText {
                fields.tags.append(FeedTag(term: term, scheme: node.trimmedAttribute("domain")))
            }
        case "tags":
            // A comma-separated list of tags, as some blog software writes them.
            for term in (node.trimmedText ?? "").split(separator: ",") {
                if let term = String(term).trimmingSpaces.nonEmpty { fields.tags.append(FeedTag(term: term)) }
            }
        case "enclosure":
            guard let url = node.trimmedAttribute("url"), let href = scope.resolve(url) else { break }
            let type = node.trimmedAttribute("type")
            let length = node.trimmedAttribute("length")
            fields.links.append(FeedLink(rel: "enclosure", href: href, type: type, length: length))
        case "media_content":
            guard let url = node.trimmedAttribute("url"), let href = scope.resolve(url) else { break }
            fields.mediaContent.append(FeedEnclosure(href: href, type: node.trimmedAttribute("type"),
                                                     length: node.trimmedAttribute("fileSize") ?? node.trimmedAttribute("filesize")))
        case "media_thumbnail":
            if let url = node.trimmedAttribute("url"), let href = scope.resolve(url) { fields.thumbnails.append(href) }
        case "cc_license":
            if let resource = node.attribute("resource", namespace: Namespace.rdf)?.trimmingSpaces.nonEmpty {
                fields.links.append(FeedLink(rel: "license", href: resource))
            }
        case "creativecommons_license":
            if let href = node.trimmedText { fields.links.append(FeedLink(rel: "license", href: href)) }
        case "source":
            if isEntry { fields.source = source(node, scope: scope) }
        case "item", "entry", "items", "channel":
            break
        default:
            extensionValue(node, key: key, scope: scope, into: &fields)
        }
    }

    /// An element newsd does not model: its attributes when it has some, else its text.
    private func extensionValue(_ node: MarkupNode, key: String, scope: ElementScope,
                                into fields: inout ElementFields) {
        let attributes = node.attributes.filter { !$0.name.hasPrefix("xmlns") }
        if !attributes.isEmpty {
            var values: [String: String] = [:]
            for attribute in attributes { values[attribute.name.lowercased()] = attribute.value }
            fields.extensions[key] = .attributes(values)
        } else if node.elementChildren.isEmpty, let text = node.trimmedText {
            let isURL = ["comments", "docs", "wfw_comment", "wfw_commentrss"].contains(key)
            fields.extensions[key] = .text(isURL ? scope.resolve(text) ?? text : text)
        }
    }

    /// RSS `<link>` text, or an Atom `<link>` (also `atom:link` in RSS) with its attributes.
    private func readLink(_ node: MarkupNode, scope: ElementScope, into fields: inout ElementFields) {
        if node.attribute("href") == nil {
            guard let href = node.trimmedText.flatMap(scope.resolve) else { return }
            fields.link = href
            if fields.guidLink { fields.guidIsLink = false }
            fields.guidLink = false
            fields.links.append(FeedLink(rel: "alternate", href: href, type: "text/html"))
            return
        }
        guard let href = node.trimmedAttribute("href").flatMap(scope.resolve) else { return }
        let rel = node.trimmedAttribute("rel") ?? "alternate"
        let type = node.trimmedAttribute("type") ?? (rel == "self" ? "application/atom+xml" : "text/html")
        let link = FeedLink(rel: rel, href: href, type: type, title: node.trimmedAttribute("title"),
                            length: node.trimmedAttribute("length"), hreflang: node.trimmedAttribute("hreflang"))
        fields.links.append(link)
        if rel == "alternate", type == "text/html" || type == "application/xhtml+xml",
           fields.link == nil || fields.guidLink {
            fields.link = href
            fields.guidLink = false
        }
    }

    /// A date element's text and what it parses to; `nil` when the element is empty.
    private func date(_ node: MarkupNode) -> FeedDate? {
        guard let text = node.trimmedText else { return nil }
        return FeedDate(text: text, date: NewsDate.parse(text))
    }

    /// An Atom person construct, or a person written as text (`name (email)`, `email (name)`, `name <email>`).
    private func person(_ node: MarkupNode, scope: ElementScope) -> FeedPerson? {
        let parts = node.elementChildren
        if !parts.isEmpty {
            var person = FeedPerson()
            for part in parts {
                switch part.name.lowercased() {
                case "name": person.name = part.trimmedText
                case "email": person.email = part.trimmedText
                case "uri", "url", "homepage": person.href = part.trimmedText.flatMap(scope.entering(part).resolve)
                default: break
                }
            }
            return person == FeedPerson() ? nil : person
        }
        guard let text = node.trimmedText else { return nil }
        return FeedPerson(written: text)
    }

    /// RSS `<image>`.
    private func image(_ node: MarkupNode, scope: ElementScope) -> FeedImage? {
        var image = FeedImage()
        for child in node.elementChildren {
            let childScope = scope.entering(child)
            let value = child.trimmedText
            switch child.name.lowercased() {
            case "url": image.href = value.flatMap(childScope.resolve)
            case "title": image.title = value
            case "link": image.link = value.flatMap(childScope.resolve)
            case "width": image.width = value.flatMap { Int($0) }
            case "height": image.height = value.flatMap { Int($0) }
            case "description": image.description = value
            default: break
            }
        }
        return image == FeedImage() ? nil : image
    }

    /// An Atom entry's `<source>` (the feed it came from), or RSS `<source url="…">title</source>`.
    private func source(_ node: MarkupNode, scope: ElementScope) -> FeedHeader {
        if let url = node.trimmedAttribute("url") {
            var header = FeedHeader()
            header.href = scope.resolve(url) ?? url
            header.titleDetail = node.trimmedText.map { FeedText(value: $0) }
            return header
        }
        return read(node, scope: scope, isEntry: false).header(format: format)
    }

    /// A text construct read by its declared type (Atom), or the element's default type with HTML guessed when
    /// the text looks like it (RSS), as feedparser reads them.
    func text(_ node: MarkupNode, scope: ElementScope, defaultType: String, keepEmpty: Bool = false) -> FeedText? {
        let declared = node.trimmedAttribute("type")?.lowercased()
        let mode = node.trimmedAttribute("mode")?.lowercased()
        var type: String
        switch declared {
        case nil: type = defaultType
        case "text": type = "text/plain"
        case "html": type = "text/html"
        case "xhtml": type = "application/xhtml+xml"
        case let other?: type = other
        }
        // An explicitly blank `xml:lang` means no language, not the channel's.
        let language = scope.language.map(\.nonEmpty) ?? channelLanguage
        var value: String
        /// Whether `value` is already markup in normal form (written from the element's children).
        var isNormalForm = false
        let children = node.elementChildren
        let isBase64 = mode == "base64"
            || !(type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml"))
        if isBase64 {
            let encoded = node.textContent
            value = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters)
                .map { String(decoding: $0, as: UTF8.self) } ?? encoded
        } else if !children.isEmpty {
            var markupRoot = node
            if format == .atom10, type == "application/xhtml+xml", children.count == 1,
               children[0].name.lowercased() == "div",
               node.children.allSatisfy({ $0.kind == .element || $0.text.trimmingSpaces.isEmpty }) {
                markupRoot = children[0]
            }
            value = MarkupWriter.writingChildren(of: markupRoot, base: scope.base)
            isNormalForm = true
            if type == "text/plain" { type = format.isAtom ? "application/xhtml+xml" : "text/html" }
        } else {
            value = node.textContent
        }
        value = Windows1252.repairingControls(value.trimmingSpaces)
        guard keepEmpty || !value.isEmpty else { return nil }
        if !format.isAtom, type == "text/plain", PlainText.looksLikeHTML(value) { type = "text/html" }
        if !isNormalForm, type == "text/html" || type == "application/xhtml+xml" {
            value = MarkupWriter.normalizingHTML(value, base: scope.base)
        }
        return FeedText(value: value, type: type, language: language, base: scope.base.nonEmpty)
    }
}

/// The fields read from one channel, item, entry or source, before they become a ``FeedHeader`` or ``FeedItem``.
struct ElementFields {
    var title: FeedText?
    var subtitle: FeedText?
    var info: FeedText?
    var rights: FeedText?
    var summary: FeedText?
    /// Whether `summary` is a copy of the first content (a later description or summary then takes its place).
    var summaryFromContent = false
    var contents: [FeedText] = []
    var link: String?
    /// Whether `link` came from a permalink guid (a later `<link>` replaces it).
    var guidLink = false
    var links: [FeedLink] = []
    var id: String?
    var guidIsLink: Bool?
    var language: String?
    var authors: [FeedPerson] = []
    var contributors: [FeedPerson] = []
    var publisher: FeedPerson?
    var generator: FeedGenerator?
    var icon: String?
    var logo: String?
    var image: FeedImage?
    var textInput: [String: String] = [:]
    var updated: FeedDate?
    var published: FeedDate?
    var created: FeedDate?
    var expired: FeedDate?
    var tags: [FeedTag] = []
    var mediaContent: [FeedEnclosure] = []
    var thumbnails: [String] = []
    var source: FeedHeader?
    var extensions: [String: FeedExtension] = [:]

    /// The fields as a channel's header.
    func header(format: FeedFormat) -> FeedHeader {
        var header = FeedHeader()
        header.titleDetail = title
        header.link = link
        header.links = links
        header.id = id
        header.subtitleDetail = subtitle
        header.infoDetail = info
        header.rightsDetail = rights
        header.language = language
        header.authors = authors
        header.contributors = contributors
        header.publisher = publisher
        header.generator = generator
        header.icon = icon
        header.logo = logo
        header.image = image
        header.textInput = textInput
        header.updatedDetail = updated
        header.publishedDetail = published
        header.createdDetail = created
        header.tags = tags
        header.extensions = extensions
        return header
    }

    /// The fields as an item.
    func item() -> FeedItem {
        var item = FeedItem(id: id, link: link, links: links, tags: tags)
        item.guidIsLink = guidIsLink
        item.titleDetail = title
        item.summaryDetail = summary
        item.contents = contents
        item.rightsDetail = rights
        item.authors = authors
        item.contributors = contributors
        item.publisher = publisher
        item.publishedDetail = published
        item.updatedDetail = updated
        item.createdDetail = created
        item.expiredDetail = expired
        item.enclosures = links.filter { $0.rel == "enclosure" }
            .map { FeedEnclosure(href: $0.href, type: $0.type, length: $0.length) }
        for media in mediaContent where !item.enclosures.contains(where: { $0.href == media.href }) {
            item.enclosures.append(media)
        }
        item.thumbnails = thumbnails
        item.source = source
        item.extensions = extensions
        if let language { item.extensions["language"] = .text(language) }
        return item
    }
}

extension String {
    /// Whether the string is an absolute http(s) URL, as a permalink `<guid>` must be to serve as the link.
    var isWebURL: Bool {
        let lowered = lowercased()
        return (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && !contains(" ")
    }
}
