/// Feed bytes made ready for libxml2: the encoding settled, and every entity reference rewritten by
/// ``ReferenceRewriter`` so the XML parser never expands an entity.
///
/// The rewriter scans bytes for `<` and `&`, which is only sound when libxml2 will read those bytes as ASCII-
/// compatible text. So every document reaches libxml2 either in an ASCII-compatible encoding or transcoded to UTF-8
/// first, and its XML declaration never names an encoding that would make libxml2 read the bytes differently.
struct FeedInput {
    /// The bytes to parse.
    var bytes: [UInt8]
    /// The encoding to give libxml2 (`nil`: let it read the BOM and the XML declaration).
    var parserEncoding: String?
    /// The encoding to report (feedparser's `encoding`), lower-cased.
    var encoding: String
    /// Problems met while rewriting references (undeclared entities, a bare `&`).
    var warnings: [String] = []
    /// The `<!DOCTYPE …>` declaration, without its internal subset, if the document has one.
    var doctype: String?

    /// Prepares `bytes`, which the server said are in `charset` (the HTTP `Content-Type` parameter), if it said.
    ///
    /// The server's charset wins over the XML declaration, as RFC 7303 says, unless the bytes plainly contradict
    /// it (a `utf-16` label on ASCII-compatible bytes). UTF-16 and UTF-32 input is transcoded to UTF-8 here, and
    /// EBCDIC or any other encoding that is not ASCII-compatible (UTF-7, …) through iconv, so the reference
    /// rewriting sees what libxml2 will parse.
    ///
    /// - Throws: ``FeedError`` (`.unparsable`) for a document whose entity declarations cannot be checked: EBCDIC
    ///   that iconv cannot convert yet declares entities, or UCS-4 in an unusual byte order.
    init(bytes: [UInt8], charset: String?, url: String) throws(FeedError) {
        let label = charset?.trimmingSpaces.nonEmpty.map(CharsetName.normalized)
        var bytes = bytes
        if let written = Self.declaredEncoding(bytes), CharsetName.normalized(written) != written {
            // A label iconv only knows by another name (`windows_1252`, `437`): libxml2 must see that name.
            bytes = Self.replacingDeclaredEncoding(in: bytes, with: CharsetName.normalized(written))
        }
        switch ByteLayout(bytes) {
        case .utf16(let bigEndian):
            self.bytes = Self.utf8(fromUTF16: bytes, bigEndian: bigEndian)
            parserEncoding = "UTF-8"
            encoding = label.flatMap { $0.hasPrefix("utf-16") ? $0 : nil } ?? (bigEndian ? "utf-16be" : "utf-16le")
        case .utf32(let bigEndian):
            self.bytes = Self.utf8(fromUTF32: bytes, bigEndian: bigEndian)
            parserEncoding = "UTF-8"
            encoding = label.flatMap { $0.hasPrefix("utf-32") || $0.hasPrefix("ucs-4") ? $0 : nil }
                ?? (bigEndian ? "utf-32be" : "utf-32le")
        case .ebcdic:
            let declared = Self.declaredEncoding(Self.invariantASCII(fromEBCDIC: bytes.prefix(200)))
                .map(CharsetName.normalized)
            var conversion: (name: String, bytes: [UInt8])?
            for name in [label, declared].compactMap({ $0 }) where conversion == nil {
                conversion = CharsetTranscoder.utf8(from: bytes, encoding: name).map { (name, $0) }
            }
            guard let conversion else {
                guard !Self.declaresEntityInEBCDIC(bytes) else {
                    throw FeedError(kind: .unparsable, url: url, detail: "the document is EBCDIC in an encoding "
                        + "newsd cannot convert (\(declared ?? "none declared")) and declares entities, which "
                        + "cannot be checked for expansion; ask the publisher for a UTF-8 feed")
                }
                // Without entity declarations there is nothing to expand: libxml2 may read it as it is.
                self.bytes = bytes
                parserEncoding = nil
                encoding = label ?? declared ?? "ebcdic"
                return
            }
            self.bytes = conversion.bytes
            parserEncoding = "UTF-8"
            encoding = conversion.name
        case .ucs4Unusual:
            throw FeedError(kind: .unparsable, url: url, detail: "the document is UCS-4 in an unusual byte order "
                + "(2143 or 3412), which newsd does not read; ask the publisher for a UTF-8 feed")
        case .asciiCompatible:
            let declared = Self.declaredEncoding(bytes)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                // A byte-order mark is more reliable than any label (RFC 7303, section 3).
                self.bytes = bytes
                parserEncoding = nil
                encoding = "utf-8"
            } else if let label, Self.isASCIICompatible(label) {
                self.bytes = bytes
                parserEncoding = label
                encoding = label
            } else if let label, !Self.namesWideEncoding(label),
                      let converted = CharsetTranscoder.utf8(from: bytes, encoding: label) {
                // EBCDIC or UTF-7 bytes without a declaration libxml2 could sniff.
                self.bytes = converted
                parserEncoding = "UTF-8"
                encoding = label
            } else if let declared, !Self.isASCIICompatible(declared),
                      let converted = CharsetTranscoder.utf8(from: bytes, encoding: declared) {
                // No usable label and a declaration naming an encoding that hides markup from byte scanning.
                self.bytes = converted
                parserEncoding = "UTF-8"
                encoding = declared
            } else {
                // No label, or one the bytes contradict: trust the bytes and let libxml2 read the declaration.
                self.bytes = bytes
                parserEncoding = nil
                encoding = label.flatMap { Self.namesWideEncoding($0) ? nil : $0 }
                    ?? declared.flatMap { Self.isASCIICompatible($0) ? $0 : nil } ?? "utf-8"
            }
        }
        if let declared = Self.declaredEncoding(self.bytes), !Self.isASCIICompatible(declared) {
            // libxml2 switches to the declared encoding when it reads the declaration, even after being given one.
            self.bytes = Self.replacingDeclaredEncoding(in: self.bytes, with: parserEncoding ?? "UTF-8")
            parserEncoding = parserEncoding ?? "UTF-8"
        }
        var rewriter = ReferenceRewriter(self.bytes)
        self.bytes = rewriter.rewrite()
        warnings = rewriter.warnings
        doctype = rewriter.doctype
    }

    /// How the first bytes are laid out, which tells whether byte-level scanning for `<` and `&` is sound.
    enum ByteLayout: Equatable {
        case asciiCompatible
        case utf16(bigEndian: Bool)
        case utf32(bigEndian: Bool)
        /// `<?xm` in EBCDIC.
        case ebcdic
        /// UCS-4 with its bytes in the order 2143 or 3412.
        case ucs4Unusual

        init(_ bytes: [UInt8]) {
            let head = Array(bytes.prefix(4)) + [UInt8](repeating: 0xFF, count: max(0, 4 - bytes.count))
            switch (head[0], head[1], head[2], head[3]) {
            case (0x00, 0x00, 0xFE, 0xFF): self = .utf32(bigEndian: true)
            case (0xFF, 0xFE, 0x00, 0x00): self = .utf32(bigEndian: false)
            case (0x00, 0x00, 0xFF, 0xFE), (0xFE, 0xFF, 0x00, 0x00), (0x00, 0x00, 0x3C, 0x00), (0x00, 0x3C, 0x00, 0x00):
                self = .ucs4Unusual
            case (0x00, 0x00, 0x00, let fourth) where fourth != 0x00: self = .utf32(bigEndian: true)
            case (let first, 0x00, 0x00, 0x00) where first != 0x00: self = .utf32(bigEndian: false)
            case (0x4C, 0x6F, 0xA7, 0x94): self = .ebcdic
            case (0xFE, 0xFF, _, _), (0x00, 0x3C, _, _): self = .utf16(bigEndian: true)
            case (0xFF, 0xFE, _, _), (0x3C, 0x00, _, _): self = .utf16(bigEndian: false)
            default: self = .asciiCompatible
            }
        }
    }

    /// UTF-16 bytes as UTF-8, without the byte-order mark; invalid sequences become U+FFFD.
    static func utf8(fromUTF16 bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        if units.first == 0xFEFF { units.removeFirst() }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// UTF-32 bytes as UTF-8, without the byte-order mark; invalid code points become U+FFFD.
    static func utf8(fromUTF32 bytes: [UInt8], bigEndian: Bool) -> [UInt8] {
        var units: [UInt32] = []
        units.reserveCapacity(bytes.count / 4)
        var index = 0
        while index + 3 < bytes.count {
            let quad = bytes[index..<(index + 4)]
            let ordered = bigEndian ? Array(quad) : quad.reversed()
            units.append(ordered.reduce(0) { $0 << 8 | UInt32($1) })
            index += 4
        }
        if units.first == 0xFEFF { units.removeFirst() }
        return Array(String(decoding: units, as: UTF32.self).utf8)
    }

    /// The `encoding` named in the XML declaration, lower-cased, if there is one.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard let range = declaredEncodingRange(bytes) else { return nil }
        return String(decoding: bytes[range], as: UTF8.self).lowercased()
    }

    /// Where the value of the XML declaration's `encoding` is, if the document has one.
    private static func declaredEncodingRange(_ bytes: [UInt8]) -> Range<Int>? {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let head = bytes[start..<min(bytes.count, start + 200)]
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")),
              let name = firstRange(of: Array("encoding".utf8), in: head[..<end])
        else { return nil }
        var index = name.upperBound
        while index < end, [UInt8(ascii: " "), UInt8(ascii: "="), UInt8(ascii: "\t")].contains(head[index]) {
            index += 1
        }
        guard index < end, head[index] == UInt8(ascii: "\"") || head[index] == UInt8(ascii: "'") else { return nil }
        let quote = head[index]
        guard let close = head[(index + 1)..<end].firstIndex(of: quote), close > index + 1 else { return nil }
        return (index + 1)..<close
    }

    private static func firstRange(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in haystack.startIndex...(haystack.endIndex - needle.count)
        where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }

    /// The document with its declared encoding replaced by `name`.
    static func replacingDeclaredEncoding(in bytes: [UInt8], with name: String) -> [UInt8] {
        guard let range = declaredEncodingRange(bytes) else { return bytes }
        var result = bytes
        result.replaceSubrange(range, with: Array(name.utf8))
        return result
    }

    /// Whether libxml2 reading bytes as `encoding` sees the same markup characters a byte scan does.
    static func isASCIICompatible(_ encoding: String) -> Bool {
        let name = encoding.lowercased()
        if ["utf-8", "utf8", "us-ascii", "ascii"].contains(name) || name.hasPrefix("iso-8859-")
            || name.hasPrefix("windows-125") {
            return true
        }
        return CharsetTranscoder.isASCIICompatible(name)
    }

    /// Whether a label names UTF-16 or UCS-4, which ASCII-compatible bytes plainly contradict.
    static func namesWideEncoding(_ label: String) -> Bool {
        ["utf-16", "utf-32", "ucs-2", "ucs-4", "iso-10646-ucs"].contains { label.hasPrefix($0) }
    }

    /// The EBCDIC letters, digits and punctuation an XML declaration uses, as ASCII (every EBCDIC code page
    /// agrees on these); other bytes become NUL.
    static func invariantASCII(fromEBCDIC bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.map { byte in
            switch byte {
            case 0x81...0x89: byte - 0x81 + UInt8(ascii: "a")
            case 0x91...0x99: byte - 0x91 + UInt8(ascii: "j")
            case 0xA2...0xA9: byte - 0xA2 + UInt8(ascii: "s")
            case 0xC1...0xC9: byte - 0xC1 + UInt8(ascii: "A")
            case 0xD1...0xD9: byte - 0xD1 + UInt8(ascii: "J")
            case 0xE2...0xE9: byte - 0xE2 + UInt8(ascii: "S")
            case 0xF0...0xF9: byte - 0xF0 + UInt8(ascii: "0")
            case 0x40: UInt8(ascii: " ")
            case 0x4B: UInt8(ascii: ".")
            case 0x4C: UInt8(ascii: "<")
            case 0x60: UInt8(ascii: "-")
            case 0x6D: UInt8(ascii: "_")
            case 0x6E: UInt8(ascii: ">")
            case 0x6F: UInt8(ascii: "?")
            case 0x7D: UInt8(ascii: "'")
            case 0x7E: UInt8(ascii: "=")
            case 0x7F: UInt8(ascii: "\"")
            default: 0
            }
        }
    }

    /// Whether EBCDIC bytes contain `<!ENTITY` (the `!` differs between code pages, so any byte is accepted).
    static func declaresEntityInEBCDIC(_ bytes: [UInt8]) -> Bool {
        let entity: [UInt8] = [0xC5, 0xD5, 0xE3, 0xC9, 0xE3, 0xE8]
        var index = 0
        while index + 8 <= bytes.count {
            if bytes[index] == 0x4C, bytes[(index + 2)..<(index + 8)].elementsEqual(entity) { return true }
            index += 1
        }
        return false
    }
}
