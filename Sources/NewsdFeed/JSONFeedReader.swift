import Foundation
import NewsdDates

/// Reads JSON Feed 1.0 and 1.1 (https://jsonfeed.org): a JSON object whose `version` is a jsonfeed.org URL.
///
/// Relative URLs resolve against the feed's own URL; dates are RFC 3339; HTML content keeps the same normal form as
/// HTML from XML feeds. Unknown keys (extensions start with `_`) are ignored.
struct JSONFeedReader {
    /// The document's URL: the base for relative URLs, and named in errors.
    let url: String

    /// The feed, or an error saying why the JSON is not one.
    func read(_ bytes: [UInt8]) throws(FeedError) -> Feed {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw FeedError(kind: .notAFeed, url: url, found: "JSON", detail: "the JSON is not an object")
            }
            object = parsed
        } catch let error as FeedError {
            throw error
        } catch {
            throw FeedError(kind: .unparsable, url: url, found: "JSON",
                            detail: "invalid JSON: \(error.localizedDescription)")
        }
        guard let version = object["version"] as? String, let format = Self.format(version: version) else {
            throw FeedError(kind: .notAFeed, url: url, found: "JSON",
                            detail: "no jsonfeed.org \"version\", so it is not a JSON Feed")
        }
        let scope = ElementScope(base: url)
        var header = FeedHeader()
        header.titleDetail = Self.string(object["title"]).map { FeedText(value: $0) }
        header.link = Self.string(object["home_page_url"]).flatMap(scope.resolve)
        if let link = header.link { header.links.append(FeedLink(rel: "alternate", href: link, type: "text/html")) }
        if let feedURL = Self.string(object["feed_url"]).flatMap(scope.resolve) {
            header.links.append(FeedLink(rel: "self", href: feedURL, type: "application/feed+json"))
        }
        header.subtitleDetail = Self.string(object["description"]).map { FeedText(value: $0) }
        header.language = Self.string(object["language"])
        header.authors = Self.authors(object, scope: scope)
        header.icon = Self.string(object["favicon"]).flatMap(scope.resolve)
        header.logo = Self.string(object["icon"]).flatMap(scope.resolve)
        let entries = object["items"] as? [Any] ?? []
        let items = entries.compactMap { $0 as? [String: Any] }.map { item(from: $0, scope: scope) }
        return Feed(format: format, header: header, items: FeedParser.distinguishingRepeats(items), encoding: "utf-8")
    }

    /// The dialect a `version` URL names, or `nil` when it is not a jsonfeed.org version.
    static func format(version: String) -> FeedFormat? {
        let lowered = version.lowercased()
        guard lowered.contains("jsonfeed.org/version/") else { return nil }
        return lowered.hasSuffix("/1") ? .jsonFeed10 : .jsonFeed11
    }

    private func item(from object: [String: Any], scope: ElementScope) -> FeedItem {
        var item = FeedItem()
        item.id = Self.string(object["id"]) ?? (object["id"] as? NSNumber).map(\.stringValue)
        item.link = Self.string(object["url"]).flatMap(scope.resolve)
        if let link = item.link { item.links.append(FeedLink(rel: "alternate", href: link, type: "text/html")) }
        if let external = Self.string(object["external_url"]).flatMap(scope.resolve) {
            item.links.append(FeedLink(rel: "related", href: external))
        }
        item.titleDetail = Self.string(object["title"]).map { FeedText(value: $0) }
        if let html = Self.string(object["content_html"]) {
            item.contents.append(FeedText(value: MarkupWriter.normalizingHTML(html, base: scope.base),
                                          type: "text/html", base: scope.base))
        }
        if let text = Self.string(object["content_text"]) {
            item.contents.append(FeedText(value: text, base: scope.base))
        }
        item.summaryDetail = Self.string(object["summary"]).map { FeedText(value: $0) }
        item.authors = Self.authors(object, scope: scope)
        item.publishedDetail = Self.string(object["date_published"]).map { FeedDate(text: $0, date: NewsDate.parse($0)) }
        item.updatedDetail = Self.string(object["date_modified"]).map { FeedDate(text: $0, date: NewsDate.parse($0)) }
        item.tags = (object["tags"] as? [Any] ?? []).compactMap(Self.string).map { FeedTag(term: $0) }
        for attachment in (object["attachments"] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
            guard let href = Self.string(attachment["url"]).flatMap(scope.resolve) else { continue }
            let type = Self.string(attachment["mime_type"])
            let length = (attachment["size_in_bytes"] as? NSNumber).map(\.stringValue)
            item.enclosures.append(FeedEnclosure(href: href, type: type, length: length))
            item.links.append(FeedLink(rel: "enclosure", href: href, type: type, length: length))
        }
        for key in ["image", "banner_image"] {
            if let image = Self.string(object[key]).flatMap(scope.resolve) { item.thumbnails.append(image) }
        }
        if let language = Self.string(object["language"]) { item.extensions["language"] = .text(language) }
        return item
    }

    /// JSON Feed 1.1 `authors`, or 1.0 `author`.
    private static func authors(_ object: [String: Any], scope: ElementScope) -> [FeedPerson] {
        let list = object["authors"] as? [Any] ?? (object["author"].map { [$0] } ?? [])
        return list.compactMap { $0 as? [String: Any] }.compactMap { author in
            let person = FeedPerson(name: string(author["name"]), href: string(author["url"]).flatMap(scope.resolve))
            return person == FeedPerson() ? nil : person
        }
    }

    /// A non-empty trimmed string value.
    private static func string(_ value: Any?) -> String? {
        (value as? String)?.trimmingSpaces.nonEmpty
    }
}
