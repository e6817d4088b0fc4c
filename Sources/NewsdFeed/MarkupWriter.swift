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
    /// The attribute names of ``urlAttributes``: an attribute not named here is no URL on any element, which is
    /// answered without building the `element attribute` key.
    static let urlAttributeNames: Set<String> = Set(
        urlAttributes.compactMap { $0.split(separator: " ").last.map(String.init) }
    )

    /// Escaped HTML in normal form, URLs resolved against `base` (kept as written when `base` is `nil`).
    static func normalizingHTML(_ html: String, base: String?) -> String {
        guard html.containsByte(UInt8(ascii: "<")) || html.containsByte(UInt8(ascii: "&")) else { return html }
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        var runStart = 0
        // Once a tag runs to the end unclosed, no later `<` can close either: linear however many `<` follow.
        var tagsCanClose = true
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") else {
                index += 1
                continue
            }
            output.append(contentsOf: bytes[runStart..<index])
            if byte == UInt8(ascii: "&") {
                if let end = referenceEnd(bytes, at: index) {
                    output.append(contentsOf: bytes[index..<end])
                    index = end
                } else {
                    output.append(contentsOf: "&amp;".utf8)
                    index += 1
                }
            } else if let end = commentEnd(bytes, at: index) {
                output.append(contentsOf: bytes[index..<end])
                index = end
            } else if tagsCanClose, case .tag(let tag, let end) = Tag.read(bytes, at: index, tagsCanClose: &tagsCanClose) {
                tag.write(base: base, into: &output)
                index = end
            } else {
                output.append(contentsOf: "&lt;".utf8)
                index += 1
            }
            runStart = index
        }
        output.append(contentsOf: bytes[runStart..<bytes.count])
        return String(decoding: output, as: UTF8.self)
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
        guard text.containsByte(0x26) || text.containsByte(0x3C) || text.containsByte(0x3E) else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: output.append(contentsOf: "&amp;".utf8)
            case 0x3C: output.append(contentsOf: "&lt;".utf8)
            case 0x3E: output.append(contentsOf: "&gt;".utf8)
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
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

    /// Whether `&` at `start` begins `&name;` (a known HTML name), `&#digits;` or `&#xhex;`.
    private static func startsReference(_ scalars: [Unicode.Scalar], at start: Int) -> Bool {
        var bytes: [UInt8] = []
        for scalar in scalars[start...].prefix(34) {
            guard scalar.isASCII else { break }
            bytes.append(UInt8(scalar.value))
        }
        return referenceEnd(bytes, at: 0) != nil
    }

    /// The index after the `;` of a reference at `start` (`&name;` with a known HTML name, `&#digits;`,
    /// `&#xhex;`), or `nil` when the `&` starts none.
    static func referenceEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
            if isHex { index += 1 }
            let digitsStart = index
            while index < bytes.count, isHex ? bytes[index].isHexDigit : bytes[index].isDigit { index += 1 }
            guard index > digitsStart, index < bytes.count, bytes[index] == UInt8(ascii: ";") else { return nil }
            return index + 1
        }
        let nameStart = index
        while index < bytes.count, index - nameStart < 32, bytes[index].isLetterOrDigit { index += 1 }
        guard index > nameStart, index < bytes.count, bytes[index] == UInt8(ascii: ";"),
              HTMLEntities.table[String(decoding: bytes[nameStart..<index], as: UTF8.self)] != nil
        else { return nil }
        return index + 1
    }

    /// The end of a comment starting at `start` (`<!-- … -->`), if one does.
    private static func commentEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        guard start + 3 < bytes.count, bytes[start + 1] == UInt8(ascii: "!"), bytes[start + 2] == UInt8(ascii: "-"),
              bytes[start + 3] == UInt8(ascii: "-")
        else { return nil }
        var index = start + 4
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"),
               bytes[index + 2] == UInt8(ascii: ">") {
                return index + 3
            }
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

        /// What reading at a `<` found.
        enum Reading {
            /// A tag, and the index after its `>`.
            case tag(Tag, Int)
            /// Not a tag.
            case text
        }

        /// Reads `<name attr=value …>` or `</name>` at `start`; sets `tagsCanClose` to `false` when the tag runs
        /// to the end of the markup unclosed.
        static func read(_ bytes: [UInt8], at start: Int, tagsCanClose: inout Bool) -> Reading {
            guard let (tag, end) = read(bytes, at: start) else { return .text }
            guard end <= bytes.count else {
                tagsCanClose = false
                return .text
            }
            return .tag(tag, end)
        }

        /// Reads a tag at `start`: the tag and the index after its `>`, an index past the end when it never closes,
        /// or `nil` when the `<` starts no tag.
        private static func read(_ bytes: [UInt8], at start: Int) -> (Tag, Int)? {
            var index = start + 1
            let isEnd = index < bytes.count && bytes[index] == UInt8(ascii: "/")
            if isEnd { index += 1 }
            let nameStart = index
            guard index < bytes.count, bytes[index].isLetter else { return nil }
            while index < bytes.count, bytes[index].isNameByte { index += 1 }
            var tag = Tag(name: String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased(),
                          attributes: [], isEnd: isEnd)
            while index < bytes.count {
                while index < bytes.count, bytes[index].isSpace || bytes[index] == UInt8(ascii: "/") { index += 1 }
                guard index < bytes.count else { return (tag, bytes.count + 1) }
                if bytes[index] == UInt8(ascii: ">") { return (tag, index + 1) }
                let attributeStart = index
                while index < bytes.count, !bytes[index].isSpace,
                      ![UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[index]) {
                    index += 1
                }
                guard index > attributeStart else { return nil }
                let name = String(decoding: bytes[attributeStart..<index], as: UTF8.self).lowercased()
                while index < bytes.count, bytes[index].isSpace { index += 1 }
                var value = name
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    while index < bytes.count, bytes[index].isSpace { index += 1 }
                    guard index < bytes.count else { return (tag, bytes.count + 1) }
                    let quote = bytes[index]
                    if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
                        guard let close = bytes[(index + 1)...].firstIndex(of: quote) else {
                            return (tag, bytes.count + 1)
                        }
                        value = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                        index = close + 1
                    } else {
                        let valueStart = index
                        while index < bytes.count, !bytes[index].isSpace, bytes[index] != UInt8(ascii: ">") {
                            index += 1
                        }
                        value = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                    }
                }
                if !tag.attributes.contains(where: { $0.name == name }) {
                    tag.attributes.append((name, value.containsByte(UInt8(ascii: "&")) ? PlainText.decodingReferences(value) : value))
                }
            }
            return (tag, bytes.count + 1)
        }

        /// The tag in normal form, URL attributes resolved against `base`.
        func written(base: String?) -> String {
            var output: [UInt8] = []
            write(base: base, into: &output)
            return String(decoding: output, as: UTF8.self)
        }

        /// Appends the tag in normal form, URL attributes resolved against `base`.
        func write(base: String?, into output: inout [UInt8]) {
            if isEnd {
                guard !MarkupWriter.voidElements.contains(name) else { return }
                output.append(contentsOf: "</\(name)>".utf8)
                return
            }
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: name.utf8)
            let ordered = attributes.count > 1 ? attributes.sorted(by: { $0.name < $1.name }) : attributes
            for (attribute, value) in ordered {
                var value = value
                if let base, MarkupWriter.urlAttributeNames.contains(attribute),
                   MarkupWriter.urlAttributes.contains(name + " " + attribute),
                   let resolved = ElementScope(base: base).resolve(value) {
                    value = resolved
                }
                output.append(UInt8(ascii: " "))
                output.append(contentsOf: attribute.utf8)
                output.append(contentsOf: "=\"".utf8)
                if value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) {
                    output.append(contentsOf: MarkupWriter.escapingAttribute(value).utf8)
                } else {
                    output.append(contentsOf: value.utf8)
                }
                output.append(UInt8(ascii: "\""))
            }
            output.append(contentsOf: (MarkupWriter.voidElements.contains(name) ? " />" : ">").utf8)
        }
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isLetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    fileprivate var isLetterOrDigit: Bool { isLetter || isDigit }
    fileprivate var isHexDigit: Bool { isDigit || ((self | 0x20) >= 0x61 && (self | 0x20) <= 0x66) }
    fileprivate var isSpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D || self == 0x0C }
    fileprivate var isNameByte: Bool {
        isLetterOrDigit || self == UInt8(ascii: "-") || self == UInt8(ascii: ":") || self == UInt8(ascii: "_")
    }
}
