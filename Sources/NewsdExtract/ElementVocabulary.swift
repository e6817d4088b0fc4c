/// How the extractor treats an HTML element, decided from its tag name once, when the page is flattened.
enum ElementKind: Sendable, Equatable {
    /// Never holds article text: `script`, `style`, `svg`, form controls… Not kept in the page tree.
    case skipped
    /// Not kept in the tree, but its children are: `head`, whose metadata elements are read on the way.
    case transparent
    /// Text-level markup that joins its text to the surrounding block: `span`, `em`, `time`…
    case inline
    /// A hyperlink: inline, and its text counts towards link density.
    case link
    /// `<br>`: a space, and two in a row split the block.
    case lineBreak
    /// `<p>`.
    case paragraph
    /// `<h1>`…`<h6>`, with the level.
    case heading(Int)
    /// `<li>`, `<dt>`, `<dd>`.
    case listItem
    /// `<ul>`, `<ol>`, `<dl>`, `<menu>`.
    case list
    /// `<tr>`: one block, its cells' text joined by spaces, as a reader reads a row.
    case tableRow
    /// `<td>`, `<th>`: part of its row's block, set apart from its neighbours by a space.
    case tableCell
    /// `<blockquote>`.
    case quote
    /// `<pre>`.
    case preformatted
    /// `<figcaption>` (and elements whose class says caption, see ``ClassVocabulary``).
    case caption
    /// An element whose class says standfirst or dek: the summary under the headline.
    case standfirst
    /// An element whose class says pull quote: a sentence of the body repeated large.
    case pullQuote
    /// Any other block element: `div`, `section`, `article`, `table`, `figure`…
    case container

    /// Whether the element starts and ends a block of text.
    var isBlock: Bool {
        switch self {
        case .inline, .link, .lineBreak, .skipped, .transparent, .tableCell: false
        default: true
        }
    }

    /// Whether the element's text is one block kept apart from the body, in a field of its own.
    var isSetApart: Bool {
        switch self {
        case .caption, .standfirst, .pullQuote: true
        default: false
        }
    }

    var isHeading: Bool {
        if case .heading = self { return true }
        return false
    }

    static func of(_ name: String) -> ElementKind {
        table[name] ?? .inline
    }

    private static let table: [String: ElementKind] = {
        var table: [String: ElementKind] = [:]
        for name in ["script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
                     "object", "embed", "canvas", "video", "audio", "picture", "source", "track", "select",
                     "option", "optgroup", "textarea", "input", "button", "map", "area", "title", "meta", "link",
                     "base", "dialog", "img", "head"] {
            table[name] = .skipped
        }
        table["head"] = .transparent
        table["a"] = .link
        table["br"] = .lineBreak
        table["p"] = .paragraph
        for level in 1...6 { table["h\(level)"] = .heading(level) }
        for name in ["li", "dt", "dd"] { table[name] = .listItem }
        for name in ["ul", "ol", "dl", "menu", "dir"] { table[name] = .list }
        for name in ["td", "th"] { table[name] = .tableCell }
        table["tr"] = .tableRow
        table["blockquote"] = .quote
        for name in ["pre", "listing", "xmp", "plaintext"] { table[name] = .preformatted }
        table["figcaption"] = .caption
        for name in ["html", "body", "div", "section", "article", "main", "aside", "nav", "header", "footer",
                     "address", "center", "details", "summary", "fieldset", "legend", "figure", "form", "hr",
                     "hgroup", "table", "caption", "thead", "tbody", "tfoot", "noframes"] {
            table[name] = .container
        }
        return table
    }()
}

/// The words of `class`, `id` and `role` attributes that say what an element is for.
///
/// Class names are split into words on `-`, `_`, spaces, digits and camelCase (`articleBody` → `article`, `body`;
/// `share-bar__item` → `share`, `bar`, `item`), so a word matches whole: `shadow` is not `ad`, `article-header` is
/// not `header`.
enum ClassVocabulary {
    /// Splits an attribute value into lower-cased words.
    static func words(_ value: String) -> [String] {
        guard !value.isEmpty else { return [] }
        if let ascii = asciiWords(value) { return ascii }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasLower = false
        func finish() {
            if !current.isEmpty {
                words.append(String(current))
                current.removeAll(keepingCapacity: true)
            }
        }
        for scalar in value.unicodeScalars {
            let properties = scalar.properties
            if properties.isUppercase {
                if previousWasLower { finish() }
                current.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                previousWasLower = false
            } else if properties.isAlphabetic {
                current.append(scalar)
                previousWasLower = true
            } else {
                finish()
                previousWasLower = false
            }
        }
        finish()
        return words
    }

    /// ``words(_:)`` for the common all-ASCII value, on bytes (no Unicode property look-ups); `nil` otherwise.
    ///
    /// A word is a run of the value's bytes, lower-cased straight into its `String` (short words fit inline): no
    /// buffer per word.
    private static func asciiWords(_ value: String) -> [String]? {
        var value = value
        return value.withUTF8 { bytes -> [String]? in
            var words: [String] = []
            // Room for a typical value's words at once, rather than growing the array word by word.
            words.reserveCapacity(Swift.min(bytes.count, 8))
            var start = 0
            var previousWasLower = false
            func finish(_ end: Int) {
                guard end > start else { return }
                let word = UnsafeBufferPointer(rebasing: bytes[start..<end])
                words.append(String(unsafeUninitializedCapacity: word.count) { buffer in
                    for (offset, byte) in word.enumerated() { buffer[offset] = byte | 0x20 }
                    return word.count
                })
            }
            for (index, byte) in bytes.enumerated() {
                if byte >= 0x80 { return nil }
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    if previousWasLower {
                        finish(index)
                        start = index
                    }
                    previousWasLower = false
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    previousWasLower = true
                default:
                    finish(index)
                    start = index + 1
                    previousWasLower = false
                }
            }
            finish(bytes.count)
            return words
        }
    }

    /// Words that mark an element as page furniture, not article: removed before scoring.
    static let boilerplate: WordSet = [
        "share", "sharing", "sharebar", "sharethis", "social", "socials", "newsletter", "newsletters", "subscribe",
        "subscription", "signup", "cookie", "cookies", "consent", "gdpr", "related", "recommend", "recommended",
        "recommendation", "recommendations", "promo", "promos", "promotion", "sidebar", "widget", "widgets",
        "comment", "comments", "disqus", "breadcrumb", "breadcrumbs", "pagination", "pager", "prev", "previous",
        "next", "latest", "trending", "popular", "mostread", "tags", "ad", "ads", "adv", "advert", "adverts",
        "advertisement", "advertising", "adslot", "adunit", "adsense", "dfp", "sponsor", "sponsored", "outbrain",
        "taboola", "banner", "modal", "popup", "overlay", "navbar", "navigation", "nav", "menu", "masthead",
        "skip", "toolbar", "paywall", "offscreen",
    ]

    /// Two-word phrases that mark furniture although neither word does alone.
    static let boilerplatePairs: Set<String> = [
        "most read", "most popular", "most viewed", "read more", "also read", "more stories", "more news",
        "author bio", "author box", "about author", "sign up", "site footer", "site header", "page footer",
        "page header", "sr only", "visually hidden", "screen reader", "you may", "you might",
    ]

    /// The first words of ``boilerplatePairs``.
    static let pairFirstWords = WordSet(boilerplatePairs.map { String($0.prefix { $0 != " " }) })

    /// Words that mark an element as likely article content: raise its score.
    static let content: WordSet = [
        "article", "story", "content", "body", "post", "entry", "main", "text", "blog", "prose", "richtext",
        "articlebody", "storybody", "postbody", "hentry", "column",
    ]

    /// Words that lower a container's score without removing it.
    static let unlikely: WordSet = [
        "footer", "header", "meta", "byline", "author", "extra", "foot", "shoutbox", "aside", "rail", "teaser",
        "card", "list", "feed", "more", "contact", "login", "search",
    ]

    /// Words of elements that are captions.
    static let caption: WordSet = ["caption", "figcaption", "credit", "credits"]

    /// Words of elements that are the standfirst (the summary under the headline).
    static let standfirst: WordSet = ["standfirst", "dek", "deck", "subtitle", "subheadline", "strapline"]

    /// Words of elements that are pull quotes.
    static let pullQuote: WordSet = ["pullquote", "pullquotes"]

    /// Whether `words` name a pull quote: `pullquote` or `pull-quote`.
    static func isPullQuote(_ words: [String]) -> Bool {
        for (index, word) in words.enumerated() {
            if pullQuote.contains(word) { return true }
            if word == "pull", index + 1 < words.count, words[index + 1] == "quote" { return true }
        }
        return false
    }

    /// ARIA roles of page furniture.
    static let boilerplateRoles: WordSet = [
        "navigation", "banner", "complementary", "contentinfo", "search", "dialog", "alertdialog", "menu",
        "menubar", "toolbar", "tablist", "alert",
    ]

    /// Words that make the next one describe a layout, not the element: `with-sidebar`, `has-comments`.
    static let layoutModifiers: WordSet = ["with", "has", "no", "without", "and"]

    /// Words of elements that hold a paywall (for ``AccessClassifier``).
    static let paywall: WordSet = ["paywall", "metered", "regwall", "subscriberonly"]

    /// Words of elements that hold a cookie or consent banner (for ``AccessClassifier``).
    static let consent: WordSet = ["cookie", "cookies", "consent", "gdpr", "onetrust", "didomi"]

    /// Words of furniture that stays furniture however much text it holds.
    static let alwaysFurniture: WordSet = ["comment", "comments", "disqus", "cookie", "cookies", "consent", "gdpr"]

    /// Stems of furniture words that class names run together with others: `relatedposts`, `sharebuttons`.
    static let boilerplateStems: [String] = [
        "related", "share", "social", "newsletter", "subscribe", "recommend", "breadcrumb", "outbrain", "taboola",
        "sponsor", "advert", "comment", "cookie",
    ]

    /// Words that start with a stem but name content: `commentary` is an article, `subscriber-content` its body.
    static let stemExceptions: WordSet = [
        "commentary", "commentator", "shareholder", "shareholders", "subscriber", "subscribers",
    ]

    /// The boilerplate word or pair in `words`, if any.
    static func boilerplateMatch(_ words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if index > 0, layoutModifiers.contains(words[index - 1]) { continue }
            if boilerplate.contains(word) { return word }
            // More than 6 bytes first: a shorter word cannot have more than 6 characters.
            if word.utf8.count > 6, TextMeasure.characterCount(word) > 6, !stemExceptions.contains(word),
               let stem = boilerplateStems.first(where: { word.hasPrefix($0) }) {
                return stem
            }
            // Words hold no spaces, so only a pair's first word can start one: the pair is built only then.
            if index + 1 < words.count, pairFirstWords.contains(word) {
                let pair = word + " " + words[index + 1]
                if boilerplatePairs.contains(pair) { return pair }
            }
        }
        return nil
    }
}

/// A set of lower-case ASCII words that rejects most other words by their length alone, before hashing them.
///
/// The class vocabularies are asked about every word of every element's `class` and `id`; hashing each word was a
/// large share of flattening a page. A word of another length cannot equal an ASCII member (no other string is
/// canonically equivalent to a lower-case ASCII word).
struct WordSet: ExpressibleByArrayLiteral, Sendable {
    private let words: Set<String>
    /// Bit `n` is set when a member has `n` UTF-8 bytes (bit 63: 63 or more).
    private let lengths: UInt64

    init(_ words: some Sequence<String>) {
        self.words = Set(words)
        lengths = self.words.reduce(0) { $0 | Self.bit($1) }
    }

    init(arrayLiteral words: String...) {
        self.init(words)
    }

    func contains(_ word: String) -> Bool {
        lengths & Self.bit(word) != 0 && words.contains(word)
    }

    private static func bit(_ word: String) -> UInt64 {
        1 << UInt64(min(word.utf8.count, 63))
    }
}
