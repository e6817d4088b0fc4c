/// Turns the HTML or text feeds put in titles into plain text.
enum PlainText {
    /// Elements whose boundaries separate words (a `<br>` between two words must not glue them together).
    private static let breakingElements: Set<String> = [
        "br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote",
        "hr", "table", "section", "article", "header", "footer", "pre", "dd", "dt",
    ]

    /// Plain text from an HTML fragment: tags stripped, character references decoded, whitespace collapsed.
    static func fromHTML(_ html: String) -> String {
        collapsingWhitespace(decodingReferences(strippingTags(html)))
    }

    /// HTML elements feedparser accepts as signs that text is HTML (its sanitizer's list, abridged to those met).
    private static let htmlElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "command", "datagrid",
        "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "event-source",
        "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "i", "img", "input", "ins", "kbd", "keygen", "label", "legend", "li", "m", "map", "menu",
        "meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup", "option", "output", "p", "pre",
        "progress", "q", "s", "samp", "section", "select", "small", "sound", "source", "spacer", "span", "strike",
        "strong", "sub", "sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "time", "tr", "tt",
        "u", "ul", "var", "video",
    ]

    /// Whether text declared (or defaulting to) plain looks like HTML, as feedparser guesses for RSS: it has an
    /// end tag or a reference, every tag is a known HTML element and every named reference a known entity.
    static func looksLikeHTML(_ text: String) -> Bool {
        guard text.containsByte(UInt8(ascii: "<")) || text.containsByte(UInt8(ascii: "&")) else { return false }
        let scalars = Array(text.unicodeScalars)
        var sawEndTag = false
        var sawReference = false
        var index = 0
        func word(from start: Int) -> String {
            var end = start
            while end < scalars.count, scalars[end].isASCII,
                  scalars[end].properties.isAlphabetic || ("0"..."9").contains(scalars[end]) || scalars[end] == "_" {
                end += 1
            }
            return String(String.UnicodeScalarView(scalars[start..<end]))
        }
        while index < scalars.count {
            if scalars[index] == "<" {
                let isEnd = index + 1 < scalars.count && scalars[index + 1] == "/"
                let name = word(from: index + (isEnd ? 2 : 1))
                if !name.isEmpty {
                    guard htmlElements.contains(name.lowercased()) else { return false }
                    let after = index + (isEnd ? 2 : 1) + name.unicodeScalars.count
                    if isEnd, after < scalars.count, scalars[after] == ">" { sawEndTag = true }
                }
            } else if scalars[index] == "&" {
                let isNumeric = index + 1 < scalars.count && scalars[index + 1] == "#"
                let name = word(from: index + (isNumeric ? 2 : 1))
                let after = index + (isNumeric ? 2 : 1) + name.unicodeScalars.count
                if !name.isEmpty, after < scalars.count, scalars[after] == ";" {
                    if !isNumeric, HTMLEntities.table[name] == nil { return false }
                    sawReference = true
                }
            }
            index += 1
        }
        return sawEndTag || sawReference
    }

    /// Runs of whitespace (including no-break spaces and newlines) become one space; the ends are trimmed.
    static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Removes tags and comments; a `<` that does not start a tag (`a < b`) is kept.
    ///
    /// Linear in the length of the text, however many `<` never close: the scan for a tag's `>` starts only when
    /// some `>` lies ahead, a tag whose quoted value runs to the end leaves the rest as text, and once one comment
    /// is found unclosed no later one is looked for.
    static func strippingTags(_ html: String) -> String {
        guard html.containsByte(UInt8(ascii: "<")) else { return html }
        let scalars = Array(html.unicodeScalars)
        let lastClose = scalars.lastIndex(of: ">") ?? -1
        var commentsCanClose = true
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "<", index + 1 < scalars.count, startsTag(scalars[index + 1]) else {
                result.append(scalar)
                index += 1
                continue
            }
            let isComment = index + 3 < scalars.count && scalars[index + 1] == "!" && scalars[index + 2] == "-"
                && scalars[index + 3] == "-"
            let end: Int?
            if isComment {
                end = commentsCanClose ? commentEnd(scalars, from: index + 4) : nil
                commentsCanClose = end != nil
            } else if index < lastClose {
                end = tagEnd(scalars, from: index + 1)
                if end == nil {
                    // A quoted value swallowed every `>` left: nothing after this point is a tag.
                    result.append(contentsOf: scalars[index...])
                    break
                }
            } else {
                end = nil
            }
            guard let end else {
                result.append(scalar)
                index += 1
                continue
            }
            if !isComment, breakingElements.contains(tagName(scalars[(index + 1)..<end])) {
                result.append(" ")
            }
            index = end + 1
        }
        return String(result)
    }

    /// Decodes `&name;`, `&#nnn;` and `&#xhh;`; anything else is left as written.
    static func decodingReferences(_ text: String) -> String {
        guard text.containsByte(UInt8(ascii: "&")) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&", let (decoded, next) = reference(in: scalars, at: index) else {
                result.append(scalars[index])
                index += 1
                continue
            }
            result.append(decoded)
            index = next
        }
        return String(result)
    }

    private static func startsTag(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && scalar.isASCII || scalar == "/" || scalar == "!" || scalar == "?"
    }

    private static func commentEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index + 2 < scalars.count {
            if scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] == ">" { return index + 2 }
            index += 1
        }
        return nil
    }

    /// The index of the `>` closing a tag, skipping quoted attribute values.
    private static func tagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var quote: Unicode.Scalar?
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func tagName(_ tag: ArraySlice<Unicode.Scalar>) -> String {
        let name = tag.drop { $0 == "/" }.prefix { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: name)
        return String(view).lowercased()
    }

    /// The scalar a character reference at `start` stands for and the index after its `;`.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        var body = String.UnicodeScalarView()
        while index < scalars.count, scalars[index] != ";", body.count < 32 {
            body.append(scalars[index])
            index += 1
        }
        guard index < scalars.count, scalars[index] == ";", !body.isEmpty else { return nil }
        let name = String(body)
        let value: UInt32?
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            value = UInt32(name.dropFirst(2), radix: 16)
        } else if name.hasPrefix("#") {
            value = UInt32(name.dropFirst(), radix: 10)
        } else {
            value = HTMLEntities.table[name]
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, index + 1)
    }
}
