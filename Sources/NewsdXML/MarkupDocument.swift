import CLibXML2

/// A parsed HTML or XML document: the one type in newsd that owns libxml2 memory.
///
/// A document and every ``MarkupNode`` taken from it must stay on one thread at a time; libxml2 documents are not
/// shared between threads. Nodes keep their document alive, so a node never outlives the tree it points into.
public final class MarkupDocument {
    /// The libxml2 document. Only this module touches it.
    let pointer: xmlDocPtr

    /// Recoverable problems the parser met (for XML, what feedparser calls "bozo"), in order, at most 50.
    public let diagnostics: [String]

    private init(pointer: xmlDocPtr, diagnostics: [String]) {
        self.pointer = pointer
        self.diagnostics = diagnostics
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// Parses an HTML page leniently, the way browsers do.
    ///
    /// - Parameters:
    ///   - bytes: the page as received.
    ///   - url: the page's URL, used as the document's base for relative links.
    ///   - encoding: the charset the server declared (HTTP `Content-Type`), which wins over `<meta charset>`;
    ///     `nil` lets libxml2 sniff the BOM and `<meta>`.
    public static func html(_ bytes: [UInt8], url: String? = nil, encoding: String? = nil)
        throws(MarkupError) -> MarkupDocument
    {
        LibXML.initialize()
        // XML_PARSE_HUGE lifts libxml2's nesting limit of 256, past which the HTML parser silently drops the rest
        // of the page (a tag cloud of unclosed spans before the article). HTML has no entity declarations, so the
        // reason feeds must never use it does not apply here; the fetcher's body limit bounds the input.
        let options = HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_NOBLANKS.rawValue
            | UInt32(XML_PARSE_HUGE.rawValue)
        let document: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(chars.count), url, LibXML.knownEncoding(encoding),
                               Int32(bitPattern: UInt32(options)))
            }
        }
        guard let document else {
            throw MarkupError(kind: .unparsable, url: url, detail: "libxml2 could not build an HTML tree")
        }
        return MarkupDocument(pointer: document, diagnostics: [])
    }

    /// Parses an XML document (a feed) safely: no network, no external entities or DTD loading, entity
    /// expansion left to libxml2's built-in bounds, and recovery from well-formedness errors, which are
    /// reported in ``diagnostics``.
    public static func xml(_ bytes: [UInt8], url: String? = nil, encoding: String? = nil)
        throws(MarkupError) -> MarkupDocument
    {
        LibXML.initialize()
        guard let context = xmlNewParserCtxt() else {
            throw MarkupError(kind: .unparsable, url: url, detail: "libxml2 could not allocate a parser")
        }
        defer { xmlFreeParserCtxt(context) }
        let collector = DiagnosticCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        // libxml2 2.9 has no per-context handler: the structured handler is per thread, set around this parse only.
        xmlSetStructuredErrorFunc(unmanaged.toOpaque(), { userData, error in
            guard let userData, let error else { return }
            Unmanaged<DiagnosticCollector>.fromOpaque(userData).takeUnretainedValue().record(error.pointee)
        })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_RECOVER.rawValue | XML_PARSE_NOCDATA.rawValue
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, LibXML.knownEncoding(encoding),
                                  Int32(bitPattern: options))
            }
        }
        guard let document else {
            let detail = collector.messages.first ?? "not an XML document"
            throw MarkupError(kind: .unparsable, url: url, detail: detail)
        }
        guard xmlDocGetRootElement(document) != nil else {
            xmlFreeDoc(document)
            throw MarkupError(kind: .unparsable, url: url, detail: collector.messages.first ?? "the document is empty")
        }
        return MarkupDocument(pointer: document, diagnostics: collector.messages)
    }

    /// The root element (`<html>` or the feed's top element).
    public var root: MarkupNode? {
        xmlDocGetRootElement(pointer).map { MarkupNode(pointer: $0, document: self) }
    }

    /// Evaluates an XPath 1.0 expression and returns the nodes it selects, in document order.
    ///
    /// - Parameters:
    ///   - expression: the XPath, e.g. `//article//p`.
    ///   - node: the context node (the document when `nil`).
    ///   - namespaces: prefix → URI bindings the expression uses.
    public func select(_ expression: String, from node: MarkupNode? = nil, namespaces: [String: String] = [:])
        throws(MarkupError) -> [MarkupNode]
    {
        guard let context = xmlXPathNewContext(pointer) else {
            throw MarkupError(kind: .invalidXPath(expression), url: nil, detail: "could not allocate an XPath context")
        }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in namespaces {
            xmlXPathRegisterNs(context, prefix, uri)
        }
        if let node {
            context.pointee.node = node.pointer
        }
        // Silence libxml2's default stderr reporting for bad expressions; the error is thrown instead.
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let result = xmlXPathEvalExpression(expression, context) else {
            throw MarkupError(kind: .invalidXPath(expression), url: nil, detail: "the expression does not compile")
        }
        defer { xmlXPathFreeObject(result) }
        guard result.pointee.type == XPATH_NODESET, let set = result.pointee.nodesetval else { return [] }
        var nodes: [MarkupNode] = []
        nodes.reserveCapacity(Int(set.pointee.nodeNr))
        for index in 0..<Int(set.pointee.nodeNr) {
            if let raw = set.pointee.nodeTab[index] {
                nodes.append(MarkupNode(pointer: raw, document: self))
            }
        }
        return nodes
    }

    /// Checks that an XPath expression compiles, without a document (for validating per-source rules).
    public static func validateXPath(_ expression: String) throws(MarkupError) {
        LibXML.initialize()
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let compiled = xmlXPathCompile(expression) else {
            throw MarkupError(kind: .invalidXPath(expression), url: nil, detail: "the expression does not compile")
        }
        xmlXPathFreeCompExpr(compiled)
    }
}

/// Collects the parser's recoverable errors for one parse.
private final class DiagnosticCollector {
    private(set) var messages: [String] = []

    func record(_ error: xmlError) {
        guard messages.count < 50 else { return }
        let text = error.message.map { String(cString: $0) }?.trimmingWhitespace ?? "malformed XML"
        messages.append("line \(error.line): \(text)")
    }
}

/// Process-wide libxml2 set-up. `xmlCleanupParser` is never called: newsd is a long-running process.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func initialize() {
        _ = initialized
    }

    /// Returns the encoding name if libxml2 knows it, so an unknown server charset falls back to sniffing
    /// instead of failing the parse.
    static func knownEncoding(_ name: String?) -> String? {
        guard let name, !name.isEmpty else { return nil }
        guard let handler = xmlFindCharEncodingHandler(name) else { return nil }
        xmlCharEncCloseFunc(handler)
        return name
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
