#if canImport(Glibc)
import Glibc
#endif

/// Rewrites a feed's entity references so libxml2 never expands an entity, before the document is parsed.
///
/// Why: libxml2 (without `XML_PARSE_NOENT`) keeps entity references as nodes and expands them every time the
/// text is read, so a small document whose entities nest or repeat (billion laughs, quadratic blow-up) can ask
/// for gigabytes; and libxml2 2.9 in recovery mode silently drops every entity reference (`&lt;`, `&amp;`) after
/// the first well-formedness error, destroying the escaped HTML in later descriptions. Character references
/// survive both, so every reference becomes one:
///
/// - `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` → `&#60;` …;
/// - an entity the internal DTD subset declares as short plain text (feedparser's "safe" entities) → its text;
/// - an undeclared HTML name such as `&nbsp;` → its character reference, with a warning (the feed is not
///   well-formed, so it stays "bozo");
/// - any other reference (external `SYSTEM` entities, nesting entities, unknown names) → kept as literal text
///   `&name;`, with a warning: never loaded, never expanded;
/// - a bare `&` → `&#38;`, with a warning.
///
/// The internal subset itself is removed (its lines are kept as blank lines so libxml2's line numbers still
/// match). CDATA sections, comments and processing instructions are copied untouched. Works on ASCII-compatible
/// bytes (UTF-8, ISO-8859-x, windows-125x, …).
struct ReferenceRewriter {
    /// At most this many warnings are reported; the count of the rest is summarised.
    static let warningLimit = 20
    /// The longest declared entity value that is substituted.
    static let entityValueLimit = 256

    private let input: [UInt8]
    private var output: [UInt8] = []
    private var position = 0
    /// Lines counted so far (up to `countedThrough`): counted only when a warning needs the number.
    private var line = 1
    private var countedThrough = 0
    private var seenRootElement = false
    /// Declared entities that are safe to substitute: name → replacement bytes.
    private var safeEntities: [String: [UInt8]] = [:]
    /// Declared entities that are never expanded (external, nested, too long).
    private var refusedEntities: Set<String> = []
    /// How many bytes substitution may still add: linear in the input, whatever the document declares.
    private var expansionBudget: Int
    private var suppressedWarnings = 0

    private(set) var warnings: [String] = []
    private(set) var doctype: String?

    init(_ input: [UInt8]) {
        self.input = input
        expansionBudget = max(input.count, 1 << 16)
    }

    /// The rewritten document.
    mutating func rewrite() -> [UInt8] {
        output.reserveCapacity(input.count + input.count / 16)
        while position < input.count {
            // Copy the run up to the next `<` or `&` in one piece.
            let runEnd = input.withUnsafeBufferPointer { buffer -> Int in
                var index = position
                while index < buffer.count, buffer[index] != UInt8(ascii: "<"), buffer[index] != UInt8(ascii: "&") {
                    index += 1
                }
                return index
            }
            if runEnd > position {
                output.append(contentsOf: input[position..<runEnd])
                position = runEnd
                continue
            }
            if input[position] == UInt8(ascii: "<") { markup() } else { reference() }
        }
        if suppressedWarnings > 0 {
            warnings.append("\(suppressedWarnings) more problems with entity references")
        }
        return output
    }

    // MARK: - Markup

    private mutating func markup() {
        let next = position + 1 < input.count ? input[position + 1] : 0
        guard next == UInt8(ascii: "!") || next == UInt8(ascii: "?") else {
            // An ordinary tag, the common case.
            if Self.isNameStart(next) { seenRootElement = true }
            output.append(input[position])
            position += 1
            return
        }
        if matches("<![CDATA[") {
            copy(through: "]]>")
        } else if matches("<!--") {
            copy(through: "-->")
        } else if matches("<?") {
            copy(through: "?>")
        } else if !seenRootElement, matches("<!DOCTYPE", caseInsensitive: true) {
            doctypeDeclaration()
        } else {
            if position + 1 < input.count, Self.isNameStart(input[position + 1]) { seenRootElement = true }
            output.append(input[position])
            position += 1
        }
    }

    /// Copies from the current position through the end of `terminator` (or to the end of the input).
    private mutating func copy(through terminator: String) {
        let end = find(terminator, from: position + 1).map { $0 + terminator.utf8.count } ?? input.count
        copyBytes(upTo: end)
    }

    private mutating func copyBytes(upTo end: Int) {
        output.append(contentsOf: input[position..<end])
        position = end
    }

    /// `<!DOCTYPE name [external id] [ [internal subset] ]>`: keeps the name and external id, reads the
    /// internal subset's entity declarations, and drops the subset.
    private mutating func doctypeDeclaration() {
        let index = firstUnquoted(from: position + "<!DOCTYPE".utf8.count) {
            $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "[")
        }
        guard index < input.count else {
            copyBytes(upTo: input.count)
            return
        }
        let header = input[position..<index]
        doctype = String(decoding: header, as: UTF8.self) + ">"
        if input[index] == UInt8(ascii: ">") {
            copyBytes(upTo: index + 1)
            return
        }
        let subsetEnd = internalSubset(from: index + 1)
        var close = subsetEnd
        while close < input.count, input[close] != UInt8(ascii: ">") { close += 1 }
        let newlines = input[position..<min(close + 1, input.count)].filter { $0 == UInt8(ascii: "\n") }.count
        output.append(contentsOf: header)
        output.append(contentsOf: [UInt8](repeating: UInt8(ascii: "\n"), count: newlines))
        output.append(UInt8(ascii: ">"))
        position = min(close + 1, input.count)
    }

    /// Reads the declarations of an internal subset starting at `start`; returns the index of its closing `]`.
    private mutating func internalSubset(from start: Int) -> Int {
        var index = start
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "]") { return index }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index = (input[(index + 1)...].firstIndex(of: byte) ?? input.count - 1) + 1
            } else if matches("<!--", at: index) {
                index = find("-->", from: index + 4).map { $0 + 3 } ?? input.count
            } else if matches("<!ENTITY", at: index) {
                index = entityDeclaration(from: index + "<!ENTITY".utf8.count)
            } else {
                index += 1
            }
        }
        return input.count
    }

    /// Reads `<!ENTITY name "value">` (the part after `<!ENTITY`); returns the index after its `>`.
    private mutating func entityDeclaration(from start: Int) -> Int {
        var index = skipSpaces(from: start)
        guard index < input.count, input[index] != UInt8(ascii: "%") else {
            return endOfDeclaration(from: index)
        }
        let nameStart = index
        while index < input.count, Self.isNameByte(input[index]) { index += 1 }
        let name = String(decoding: input[nameStart..<index], as: UTF8.self)
        index = skipSpaces(from: index)
        guard !name.isEmpty, index < input.count else { return endOfDeclaration(from: index) }
        let quote = input[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
              let valueEnd = input[(index + 1)...].firstIndex(of: quote)
        else {
            refusedEntities.insert(name)
            return endOfDeclaration(from: index)
        }
        let value = Array(input[(index + 1)..<valueEnd])
        if let replacement = Self.safeReplacement(value), safeEntities[name] == nil, refusedEntities.count
            + safeEntities.count < 1000
        {
            safeEntities[name] = replacement
        } else {
            refusedEntities.insert(name)
        }
        return endOfDeclaration(from: valueEnd + 1)
    }

    private func endOfDeclaration(from start: Int) -> Int {
        min(firstUnquoted(from: start) { $0 == UInt8(ascii: ">") } + 1, input.count)
    }

    /// The index of the first byte from `start` that `isStop` accepts outside a quoted string, or the input's
    /// end when there is none.
    private func firstUnquoted(from start: Int, where isStop: (UInt8) -> Bool) -> Int {
        var index = start
        var quote: UInt8?
        while index < input.count {
            let byte = input[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if isStop(byte) {
                return index
            }
            index += 1
        }
        return input.count
    }

    /// The bytes to substitute for a declared value: plain text (no `&`, `<` or `%`) up to the length limit, or
    /// exactly one character reference. Quotes and line breaks are written as character references so the
    /// substitution is safe inside attribute values and keeps line numbers.
    private static func safeReplacement(_ value: [UInt8]) -> [UInt8]? {
        guard value.count <= entityValueLimit else { return nil }
        if value.first == UInt8(ascii: "&") {
            guard value.count >= 4, value[1] == UInt8(ascii: "#"), value.last == UInt8(ascii: ";"),
                  value.dropFirst(2).dropLast().allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: "x") })
            else { return nil }
            return value
        }
        guard !value.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "%") })
        else { return nil }
        var replacement: [UInt8] = []
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): replacement += Array("&#34;".utf8)
            case UInt8(ascii: "'"): replacement += Array("&#39;".utf8)
            case UInt8(ascii: "\n"): replacement += Array("&#10;".utf8)
            case UInt8(ascii: "\r"): replacement += Array("&#13;".utf8)
            default: replacement.append(byte)
            }
        }
        return replacement
    }

    // MARK: - References

    private static let predefined: [String: String] = [
        "lt": "&#60;", "gt": "&#62;", "amp": "&#38;", "quot": "&#34;", "apos": "&#39;",
    ]

    /// Handles the `&` at the current position.
    private mutating func reference() {
        var index = position + 1
        if index < input.count, input[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = index < input.count && (input[index] == UInt8(ascii: "x") || input[index] == UInt8(ascii: "X"))
            if isHex { index += 1 }
            let digitsStart = index
            while index < input.count, isHex ? Self.isHexDigit(input[index]) : Self.isDigit(input[index]) {
                index += 1
            }
            if index > digitsStart, index < input.count, input[index] == UInt8(ascii: ";") {
                // XML spells a hexadecimal reference `&#x`; HTML also accepts `&#X`.
                output.append(contentsOf: "&#".utf8)
                if isHex { output.append(UInt8(ascii: "x")) }
                output.append(contentsOf: input[digitsStart...index])
                position = index + 1
                return
            }
            bareAmpersand()
            return
        }
        let nameStart = index
        if index < input.count, Self.isNameStart(input[index]) {
            index += 1
            while index < input.count, index - nameStart < 64, Self.isNameByte(input[index]) { index += 1 }
        }
        guard index > nameStart, index < input.count, input[index] == UInt8(ascii: ";") else {
            bareAmpersand()
            return
        }
        let name = String(decoding: input[nameStart..<index], as: UTF8.self)
        position = index + 1
        if let replacement = Self.predefined[name] {
            output.append(contentsOf: replacement.utf8)
        } else if let replacement = safeEntities[name], expansionBudget >= replacement.count {
            expansionBudget -= replacement.count
            output.append(contentsOf: replacement)
        } else if safeEntities[name] == nil, !refusedEntities.contains(name),
                  let scalar = HTMLEntities.table[name]
        {
            output.append(contentsOf: "&#\(scalar);".utf8)
            warn("undeclared entity '&\(name);' read as its HTML meaning")
        } else {
            output.append(contentsOf: "&#38;\(name);".utf8)
            let reason = refusedEntities.contains(name) || safeEntities[name] != nil
                ? "entity '&\(name);' is not expanded (external, nested or too large entities never are)"
                : "undeclared entity '&\(name);' kept as text"
            warn(reason)
        }
    }

    private mutating func bareAmpersand() {
        output.append(contentsOf: "&#38;".utf8)
        position += 1
        warn("unescaped '&' read as text")
    }

    private mutating func warn(_ message: String) {
        guard warnings.count < Self.warningLimit else {
            suppressedWarnings += 1
            return
        }
        let upTo = min(position, input.count)
        if upTo > countedThrough {
            line += input[countedThrough..<upTo].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            countedThrough = upTo
        }
        warnings.append("line \(line): \(message)")
    }

    // MARK: - Bytes

    private func matches(_ text: String, caseInsensitive: Bool = false) -> Bool {
        matches(text, at: position, caseInsensitive: caseInsensitive)
    }

    private func matches(_ text: String, at index: Int, caseInsensitive: Bool = false) -> Bool {
        let pattern = text.utf8
        guard index + pattern.count <= input.count else { return false }
        var offset = index
        for expected in pattern {
            let byte = input[offset]
            let same = caseInsensitive ? Self.lowercased(byte) == Self.lowercased(expected) : byte == expected
            if !same { return false }
            offset += 1
        }
        return true
    }

    /// Where `pattern` next occurs at or after `start`: `memchr` finds each candidate first byte, `memcmp` checks
    /// the rest (CDATA sections and comments can be long, and every one is searched for its end).
    private func find(_ pattern: String, from start: Int) -> Int? {
        var pattern = pattern
        guard !pattern.isEmpty, start < input.count else { return nil }
        return input.withUnsafeBytes { haystack in
            pattern.withUTF8 { needle -> Int? in
                guard let base = haystack.baseAddress, let first = needle.first else { return nil }
                var index = start
                while index + needle.count <= haystack.count {
                    let window = haystack.count - needle.count + 1 - index
                    guard let hit = memchr(base + index, Int32(first), window) else { return nil }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset }
                    index = offset + 1
                }
                return nil
            }
        }
    }

    private func skipSpaces(from start: Int) -> Int {
        var index = start
        while index < input.count, [0x20, 0x09, 0x0A, 0x0D].contains(input[index]) { index += 1 }
        return index
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    /// ASCII letters, `_`, `:` and any non-ASCII byte (part of a multi-byte name character).
    private static func isNameStart(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}
