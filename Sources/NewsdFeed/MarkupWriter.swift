internal import NewsdXML

/// Writes the markup a feed carries (escaped HTML, or inline XHTML) in one normal form, as feedparser does:
/// tag and attribute names lower-cased, attributes sorted and double-quoted with `&`, `<`, `>` and `"` escaped,
/// empty elements as `<br />`, and relative URLs in link-bearing attributes (`a href`, `img src`, …) made absolute
/// against the text's base.
///
/// It is a tokenizer, not a parser: tags are never re-nested or dropped, text and character references are kept as
/// written, and a `<` that does not start a tag is written as `&lt;`. Linear in the length of the markup.
enum MarkupWriter {
    /// Elements written without an end tag.
    static let voidElements: Set<String> = [
        "area", "base", "basefont", "br", "col", "command", "embed", "frame", "hr", "img", "input", "isindex",
        "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// The attributes that hold a URL, by element: the ones resolved against the base.
    static let urlAttributes: Set<String> = [
        "a href", "applet codebase", "area href", "audio src", "blockquote cite", "body background", "del cite",
        "form action", "frame longdesc", "frame src", "iframe longdesc", "iframe src", "head profile",
        "img longdesc", "img src", "img usemap", "input src", "input usemap", "ins cite", "link href",
        "object classid", "object codebase", "object data", "object usemap", "q cite", "script src", "source src",
        "video poster", "video src",
    ]

    /// Escaped HTML in normal form, URLs resolved against `base` (kept as written when `base` is `nil`).
    static func normalizingHTML(_ html: String, base: String?) -> String {
        guard html.contains("<") || html.contains("&") else { return html }
        let scalars = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "&" {
                index = reference(in: scalars, at: index, into: &output)
                continue
            }
            guard scalar == "<" else {
                output.append(scalar)
                index += 1
                continue
            }
            if let end = comment(in: scalars, at: index) {
                output.append(contentsOf: scalars[index..<end])
                index = end
            } else if let (tag, end) = Tag.read(scalars, at: index) {
                output.append(contentsOf: tag.written(base: base).unicodeScalars)
                index = end
            } else {
                output.append(contentsOf: "&lt;".unicodeScalars)
                index += 1
            }
        }
        return String(output)
    }

    /// The children of an inline XHTML element written as HTML in normal form.
    static func writingChildren(of node: MarkupNode, base: String?) -> String {
        var output = ""
        for child in node.children {
            write(child, base: base, into: &output)
        }
        return output
    }

    private static func write(_ node: MarkupNode, base: String?, into output: inout String) {
        switch node.kind {
        case .text, .cdata:
            output += escapingText(node.text)
        case .element:
            let name = node.name.lowercased()
            var tag = Tag(name: name, attributes: [])
            for attribute in node.attributes where !attribute.name.hasPrefix("xmlns") {
                tag.attributes.append((attribute.name.lowercased(), attribute.value))
            }
            if let namespace = node.namespaceURI, namespace != Namespace.xhtml,
               node.parent?.namespaceURI != namespace {
                tag.attributes.append(("xmlns", namespace))
            }
            output += tag.written(base: base)
            guard !voidElements.contains(name) else { return }
            for child in node.children {
                write(child, base: base, into: &output)
            }
            output += "</\(name)>"
        case .comment, .other:
            break
        }
    }

    /// Text with `&`, `<` and `>` escaped, for writing plain text into HTML.
    static func escapingText(_ text: String) -> String {
        guard text.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" }) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// An attribute value for a double-quoted attribute: `&` that starts no reference, `<`, `>` and `"` escaped.
    static func escapingAttribute(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var output = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": output.append(contentsOf: (startsReference(scalars, at: index) ? "&" : "&amp;").unicodeScalars)
            case "<": output.append(contentsOf: "&lt;".unicodeScalars)
            case ">": output.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": output.append(contentsOf: "&quot;".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// Copies a reference (`&amp;`, `&#38;`, `&#x26;`) as written; a bare `&`, or one naming no HTML entity,
    /// becomes `&amp;`. Returns the index after what was consumed.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int,
                                  into output: inout String.UnicodeScalarView) -> Int {
        guard startsReference(scalars, at: start) else {
            output.append(contentsOf: "&amp;".unicodeScalars)
            return start + 1
        }
        var index = start + 1
        while scalars[index] != ";" { index += 1 }
        output.append(contentsOf: scalars[start...index])
        return index + 1
    }

    /// Whether `&` at `start` begins `&name;` (a known HTML name), `&#digits;` or `&#xhex;`.
    private static func startsReference(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var index = start + 1
        var body = String.UnicodeScalarView()
        while index < scalars.count, index - start <= 32, scalars[index] != ";" {
            body.append(scalars[index])
            index += 1
        }
        guard index < scalars.count, scalars[index] == ";", !body.isEmpty else { return false }
        let name = String(body)
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return name.count > 2 && name.dropFirst(2).allSatisfy(\.isHexDigit)
        }
        if name.hasPrefix("#") { return name.count > 1 && name.dropFirst().allSatisfy(\.isNumber) }
        return HTMLEntities.table[name] != nil
    }

    /// The end of a comment starting at `start` (`<!-- … -->`), if one does.
    private static func comment(in scalars: [Unicode.Scalar], at start: Int) -> Int? {
        guard start + 3 < scalars.count, scalars[start + 1] == "!", scalars[start + 2] == "-",
              scalars[start + 3] == "-"
        else { return nil }
        var index = start + 4
        while index + 2 < scalars.count {
            if scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] == ">" { return index + 3 }
            index += 1
        }
        return nil
    }

    /// A start or end tag.
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
        var isEnd = false

        init(name: String, attributes: [(name: String, value: String)], isEnd: Bool = false) {
            self.name = name
            self.attributes = attributes
            self.isEnd = isEnd
        }

        /// Reads `<name attr=value …>` or `</name>` at `start`; `nil` when the `<` starts no tag.
        static func read(_ scalars: [Unicode.Scalar], at start: Int) -> (Tag, Int)? {
            var index = start + 1
            let isEnd = index < scalars.count && scalars[index] == "/"
            if isEnd { index += 1 }
            let nameStart = index
            guard index < scalars.count, scalars[index].properties.isAlphabetic, scalars[index].isASCII else {
                return nil
            }
            while index < scalars.count, isNameScalar(scalars[index]) { index += 1 }
            var tag = Tag(name: String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased(),
                          attributes: [], isEnd: isEnd)
            while index < scalars.count {
                while index < scalars.count, scalars[index].properties.isWhitespace || scalars[index] == "/" {
                    index += 1
                }
                guard index < scalars.count else { return nil }
                if scalars[index] == ">" { return (tag, index + 1) }
                let attributeStart = index
                while index < scalars.count, !scalars[index].properties.isWhitespace,
                      !["=", ">", "/"].contains(scalars[index]) {
                    index += 1
                }
                guard index > attributeStart else { return nil }
                let name = String(String.UnicodeScalarView(scalars[attributeStart..<index])).lowercased()
                while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
                var value = name
                if index < scalars.count, scalars[index] == "=" {
                    index += 1
                    while index < scalars.count, scalars[index].properties.isWhitespace { index += 1 }
                    guard index < scalars.count else { return nil }
                    let quote = scalars[index]
                    let valueStart: Int
                    if quote == "\"" || quote == "'" {
                        valueStart = index + 1
                        guard let close = scalars[valueStart...].firstIndex(of: quote) else { return nil }
                        index = close
                        value = String(String.UnicodeScalarView(scalars[valueStart..<close]))
                        index += 1
                    } else {
                        valueStart = index
                        while index < scalars.count, !scalars[index].properties.isWhitespace, scalars[index] != ">" {
                            index += 1
                        }
                        value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                    }
                }
                if !tag.attributes.contains(where: { $0.name == name }) {
                    tag.attributes.append((name, PlainText.decodingReferences(value)))
                }
            }
            return nil
        }

        private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
                || scalar == ":" || scalar == "_")
        }

        /// The tag in normal form, URL attributes resolved against `base`.
        func written(base: String?) -> String {
            if isEnd { return MarkupWriter.voidElements.contains(name) ? "" : "</\(name)>" }
            var text = "<" + name
            for (attribute, value) in attributes.sorted(by: { $0.name < $1.name }) {
                var value = value
                if let base, MarkupWriter.urlAttributes.contains("\(name) \(attribute)"),
                   let resolved = URIReference.resolve(value.trimmingSpaces, against: base) {
                    value = resolved
                }
                text += " \(attribute)=\"\(MarkupWriter.escapingAttribute(value))\""
            }
            return text + (MarkupWriter.voidElements.contains(name) ? " />" : ">")
        }
    }
}
