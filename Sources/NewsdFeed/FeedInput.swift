/// Feed bytes made ready for libxml2: the encoding settled, and every entity reference rewritten by
/// ``ReferenceRewriter`` so the XML parser never expands an entity.
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
    /// it (a `utf-16` label on ASCII-compatible bytes). UTF-16 input is transcoded to UTF-8 first so the reference
    /// rewriting sees ASCII-compatible bytes; UTF-32 and EBCDIC input are passed through unchanged.
    init(bytes: [UInt8], charset: String?) {
        let label = charset?.trimmingSpaces.lowercased().nonEmpty
        let layout = ByteLayout(bytes)
        switch layout {
        case .utf16(let bigEndian):
            self.bytes = Self.utf8(fromUTF16: bytes, bigEndian: bigEndian)
            parserEncoding = "UTF-8"
            encoding = label.flatMap { $0.hasPrefix("utf-16") ? $0 : nil } ?? (bigEndian ? "utf-16be" : "utf-16le")
        case .other:
            self.bytes = bytes
            parserEncoding = label
            encoding = label ?? "utf-8"
            return
        case .asciiCompatible:
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                // A byte-order mark is more reliable than any label (RFC 7303, section 3).
                self.bytes = bytes
                parserEncoding = nil
                encoding = "utf-8"
            } else if let label, label.hasPrefix("utf-16") || label.hasPrefix("utf-32") {
                // The label contradicts the bytes: trust the bytes and let libxml2 read the declaration.
                self.bytes = bytes
                parserEncoding = nil
                encoding = Self.declaredEncoding(bytes) ?? "utf-8"
            } else {
                self.bytes = bytes
                parserEncoding = label
                encoding = label ?? Self.declaredEncoding(bytes) ?? "utf-8"
            }
        }
        var rewriter = ReferenceRewriter(self.bytes)
        self.bytes = rewriter.rewrite()
        warnings = rewriter.warnings
        doctype = rewriter.doctype
    }

    /// How the first bytes are laid out, which tells whether byte-level scanning for `<` and `&` is sound.
    enum ByteLayout {
        case asciiCompatible
        case utf16(bigEndian: Bool)
        case other

        init(_ bytes: [UInt8]) {
            let head = Array(bytes.prefix(4)) + [UInt8](repeating: 0xFF, count: max(0, 4 - bytes.count))
            switch (head[0], head[1], head[2], head[3]) {
            case (0x00, 0x00, 0xFE, 0xFF), (0xFF, 0xFE, 0x00, 0x00), (0x00, 0x00, 0x00, 0x3C), (0x3C, 0x00, 0x00, 0x00),
                 (0x4C, 0x6F, 0xA7, 0x94):
                self = .other
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

    /// The `encoding` named in the XML declaration, lower-cased, if there is one.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        let head = bytes[start..<min(bytes.count, start + 200)]
        guard head.starts(with: Array("<?xml".utf8)), let end = head.firstIndex(of: UInt8(ascii: ">")) else {
            return nil
        }
        let declaration = String(decoding: head[..<end], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : value.lowercased()
    }
}
