import Foundation
import NewsdDates
import NewsdXML

/// Metadata as the page states it, gathered while the page is flattened; ``resolve(url:)`` picks what to trust.
struct PageMetadataSource {
    /// `<meta>` contents by lower-cased `name`, `property` or `itemprop` (the first of each).
    var meta: [String: String] = [:]
    var documentTitle: String?
    var canonical: String?
    var language: String?
    /// JSON-LD scripts, as text.
    var jsonLD: [String] = []
    /// The first `<time datetime>`, and the first one marked as the publication time.
    var firstTime: String?
    var publishedTime: String?
    /// The first element marked `itemprop=dateModified` (its `content` or `datetime`).
    var modifiedTime: String?
    /// What readers see: the first `rel=author` link, the first short element whose class or id says byline or
    /// author, and the first short element whose class or id says date — the fallbacks when the page declares none.
    var authorLink: String?
    var visibleByline: String?
    var visibleDate: String?

    /// Longer text in a "byline" or "date" element is a bio or a teaser, not a byline or a date.
    private static let longestVisibleMetadata = 120
    /// Candidates looked at before giving up: reading a candidate's text walks its subtree, so a page full of
    /// large elements classed "author" or "date" must not make the walk quadratic.
    private static let visibleCandidateLimit = 8
    private var visibleCandidates = 0

    /// Reads what `node` says about the page. `words` are its class and id words (``ClassVocabulary/words(_:)``),
    /// `nil` for elements that hold no visible text (`script`, `meta`…).
    mutating func read(_ node: MarkupNode, name: String, attributes: ElementAttributes, words: [String]?) {
        let itemprop = attributes["itemprop"]?.lowercased()
        switch name {
        case "meta":
            guard let content = attributes["content"] else { return }
            for attribute in ["property", "name", "itemprop", "http-equiv"] {
                if let key = attributes[attribute]?.lowercased(), meta[key] == nil {
                    meta[key] = content
                }
            }
        case "link":
            guard canonical == nil, let rel = attributes["rel"]?.lowercased(),
                  rel.split(separator: " ").contains("canonical") else { return }
            canonical = attributes["href"]
        case "title":
            if documentTitle == nil, node.parent?.name != "svg" {
                documentTitle = TextMeasure.collapse(node.textContent)
            }
        case "script":
            if attributes["type"]?.lowercased().contains("ld+json") == true {
                jsonLD.append(node.textContent)
            }
        case "html":
            language = attributes["lang"]  // `lang` or `xml:lang`: the list holds local names
        case "time":
            guard let datetime = attributes["datetime"] else { return }
            if firstTime == nil { firstTime = datetime }
            if publishedTime == nil, attributes["pubdate"] != nil || itemprop == "datepublished" {
                publishedTime = datetime
            }
        default:
            break
        }
        if itemprop == "datepublished", publishedTime == nil, name != "meta" {
            publishedTime = attributes["content"] ?? attributes["datetime"]
        }
        if itemprop == "datemodified", modifiedTime == nil, name != "meta" {
            modifiedTime = attributes["content"] ?? attributes["datetime"]
        }
        if name == "a", authorLink == nil,
           attributes["rel"]?.lowercased().split(separator: " ").contains("author") == true {
            authorLink = shortText(node)
        }
        guard let words, visibleByline == nil || visibleDate == nil,
              visibleCandidates < Self.visibleCandidateLimit else { return }
        let saysByline = Self.byline(itemprop) || words.contains(where: Self.byline)
        let saysDate = Self.date(itemprop) || words.contains(where: Self.date)
        if visibleByline == nil, saysByline {
            visibleCandidates += 1
            visibleByline = shortText(node).map(Self.withoutBy)
        }
        if visibleDate == nil, saysDate {
            visibleCandidates += 1
            visibleDate = shortText(node)
        }
    }

    /// Whether a class word or `itemprop` says byline: `byline` or `author` (compared only at their length).
    private static func byline(_ word: String?) -> Bool {
        guard let word, word.utf8.count == 6 else { return false }
        return word == "byline" || word == "author"
    }

    /// Whether a class word or `itemprop` says date: `date`, `published` or `dateline`.
    private static func date(_ word: String?) -> Bool {
        guard let word else { return false }
        switch word.utf8.count {
        case 4: return word == "date"
        case 8: return word == "dateline"
        case 9: return word == "published"
        default: return false
        }
    }

    /// The element's text when it is short enough to be a byline or a date.
    private func shortText(_ node: MarkupNode) -> String? {
        let text = TextMeasure.collapse(node.textContent)
        return text.isEmpty || text.count > Self.longestVisibleMetadata ? nil : text
    }

    /// "By Jane Doe" → "Jane Doe".
    private static func withoutBy(_ text: String) -> String {
        let lowered = text.lowercased()
        guard lowered.hasPrefix("by ") || lowered.hasPrefix("by:") else { return text }
        return TextMeasure.collapse(String(text.dropFirst(3)))
    }

    /// Picks each field from the most trustworthy source that has it.
    func resolve(url: String?) -> ResolvedMetadata {
        let linkedData = LinkedDataArticle(scripts: jsonLD)
        var result = ResolvedMetadata()
        result.siteName = nonEmpty(meta["og:site_name"]) ?? linkedData.publisher ?? nonEmpty(meta["application-name"])
        result.title = linkedData.headline ?? nonEmpty(meta["og:title"]) ?? nonEmpty(meta["twitter:title"])
        result.documentTitle = documentTitle.flatMap(nonEmpty)
        result.byline = linkedData.author ?? nonEmpty(meta["author"]).flatMap { $0.contains("://") ? nil : $0 }
            ?? nonEmpty(meta["article:author"]).flatMap { $0.contains("://") ? nil : $0 }
            ?? nonEmpty(meta["dc.creator"]) ?? authorLink.flatMap(nonEmpty) ?? visibleByline.flatMap(nonEmpty)
        let modified = [linkedData.dateModified, meta["article:modified_time"], meta["og:updated_time"],
                        meta["datemodified"], meta["dc.date.modified"], meta["last-modified"], modifiedTime]
        result.modified = modified.lazy.compactMap { $0.flatMap(NewsDate.parse) }.first
        result.section = nonEmpty(meta["article:section"]) ?? linkedData.section ?? nonEmpty(meta["section"])
        result.isAccessibleForFree = linkedData.isAccessibleForFree
            ?? meta["isaccessibleforfree"].flatMap { LinkedDataArticle.truth($0) }
        result.paywalledSelectors = linkedData.paywalledSelectors
        let image = nonEmpty(meta["og:image"]) ?? nonEmpty(meta["og:image:url"]) ?? nonEmpty(meta["twitter:image"])
            ?? nonEmpty(meta["twitter:image:src"]) ?? linkedData.image
        result.leadImage = image.flatMap { Self.absolute($0, url: url) }
        let dates = [linkedData.datePublished, meta["article:published_time"], meta["og:published_time"],
                     meta["datepublished"], meta["pubdate"], meta["publishdate"], meta["date"], meta["dc.date"],
                     meta["dc.date.issued"], meta["sailthru.date"], publishedTime, firstTime]
        result.published = dates.lazy.compactMap { $0.flatMap(NewsDate.parse) }.first
            ?? visibleDate.flatMap { NewsDate.parse($0) ?? WrittenDate.parse($0) }
        result.language = language.flatMap(nonEmpty) ?? linkedData.language
            ?? nonEmpty(meta["content-language"])
            ?? nonEmpty(meta["og:locale"]).map { $0.replacingOccurrences(of: "_", with: "-") }
        let declared = nonEmpty(canonical) ?? nonEmpty(meta["og:url"]) ?? linkedData.url
        result.canonicalURL = declared.flatMap { Self.absolute($0, url: url) }
        return result
    }

    /// A declared URL in absolute form: resolved against the page's URL, or as it stands when absolute. A
    /// declaration that cannot be resolved is no link; without the page's URL only an absolute one is usable.
    private static func absolute(_ declared: String, url: String?) -> String? {
        if let url { return URIReference.resolve(declared, against: url) }
        return declared.contains("://") ? declared : nil
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value else { return nil }
        let collapsed = TextMeasure.collapse(value)
        return collapsed.isEmpty ? nil : collapsed
    }
}

/// The metadata fields chosen for an ``Article``, before the body is known.
struct ResolvedMetadata {
    var title: String?
    var documentTitle: String?
    var byline: String?
    var canonicalURL: String?
    var language: String?
    var siteName: String?
    var published: Date?
    var modified: Date?
    var section: String?
    var leadImage: String?
    var isAccessibleForFree: Bool?
    /// `cssSelector`s of `hasPart` entries marked `isAccessibleForFree: false`: the paywalled sections.
    var paywalledSelectors: [String] = []
}

/// The first JSON-LD object of an article type (`NewsArticle`, `Article`, `BlogPosting`, …) on the page, looked for
/// at the top level, in arrays and in `@graph`.
struct LinkedDataArticle {
    var headline: String?
    var author: String?
    var datePublished: String?
    var publisher: String?
    var language: String?
    var url: String?
    var dateModified: String?
    var section: String?
    var image: String?
    var isAccessibleForFree: Bool?
    var paywalledSelectors: [String] = []

    private static let articleTypes: Set<String> = [
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report", "scholarlyarticle",
        "techarticle", "socialmediaposting", "webpage",
    ]

    init(scripts: [String]) {
        var fallback: [String: Any]?
        for script in scripts {
            guard let data = script.data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            if let article = Self.find(in: json, depth: 0) {
                if Self.types(of: article).contains("webpage") {
                    fallback = fallback ?? article
                    continue
                }
                fill(from: article)
                return
            }
        }
        if let fallback { fill(from: fallback) }
    }

    private mutating func fill(from object: [String: Any]) {
        headline = Self.string(object["headline"]) ?? Self.string(object["name"])
        author = Self.names(object["author"])
        datePublished = Self.string(object["datePublished"]) ?? Self.string(object["dateCreated"])
        publisher = Self.names(object["publisher"])
        language = Self.string(object["inLanguage"])
        url = Self.string(object["url"])
        dateModified = Self.string(object["dateModified"])
        section = Self.string(object["articleSection"])
            ?? (object["articleSection"] as? [Any])?.lazy.compactMap { Self.string($0) }.first
        image = Self.imageURL(object["image"]) ?? Self.imageURL(object["thumbnailUrl"])
        isAccessibleForFree = Self.truth(object["isAccessibleForFree"])
        let parts = object["hasPart"].map { ($0 as? [Any]) ?? [$0] } ?? []
        paywalledSelectors = parts.compactMap { part in
            guard let part = part as? [String: Any], Self.truth(part["isAccessibleForFree"]) == false else { return nil }
            return Self.string(part["cssSelector"])
        }
    }

    /// An `image`: a URL, an `ImageObject` (`url` or `contentUrl`), or a list of either (the first).
    private static func imageURL(_ value: Any?) -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object["url"]) ?? string(object["contentUrl"]) }
        if let array = value as? [Any] { return array.lazy.compactMap { imageURL($0) }.first }
        return nil
    }

    /// schema.org booleans as pages write them: `false`, `"False"`, `"false"`, `"http://schema.org/False"`.
    static func truth(_ value: Any?) -> Bool? {
        if let flag = value as? Bool { return flag }
        guard let text = value as? String else { return nil }
        switch text.lowercased().split(separator: "/").last {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    private static func find(in json: Any, depth: Int) -> [String: Any]? {
        guard depth < 6 else { return nil }
        if let array = json as? [Any] {
            var fallback: [String: Any]?
            for element in array {
                guard let found = find(in: element, depth: depth + 1) else { continue }
                if !types(of: found).contains("webpage") { return found }
                fallback = fallback ?? found
            }
            return fallback
        }
        guard let object = json as? [String: Any] else { return nil }
        if let graph = object["@graph"], let found = find(in: graph, depth: depth + 1),
           !types(of: found).contains("webpage") {
            return found
        }
        return types(of: object).contains(where: articleTypes.contains) ? object : nil
    }

    private static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type.lowercased()] }
        if let types = object["@type"] as? [Any] { return types.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let collapsed = TextMeasure.collapse(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// A person or organisation, or a list of them, as "A, B".
    private static func names(_ value: Any?) -> String? {
        if let text = string(value) { return text.contains("://") ? nil : text }
        if let object = value as? [String: Any] { return string(object["name"]) }
        if let array = value as? [Any] {
            let all = array.compactMap { names($0) }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        }
        return nil
    }
}
