import CLibXML2

/// A node in a ``MarkupDocument``: an element, a run of text, a comment.
///
/// A view, not a copy: it reads the live tree and keeps its document alive. Like the document, it stays on one
/// thread.
public struct MarkupNode {
    /// The kinds of node newsd distinguishes.
    public enum Kind: Sendable, Equatable {
        case element, text, cdata, comment, other
    }

    let pointer: xmlNodePtr
    /// The document this node belongs to, held so the tree outlives every view into it.
    public let document: MarkupDocument

    init(pointer: xmlNodePtr, document: MarkupDocument) {
        self.pointer = pointer
        self.document = document
    }

    public var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE: .text
        case XML_CDATA_SECTION_NODE: .cdata
        case XML_COMMENT_NODE: .comment
        default: .other
        }
    }

    /// The local name (`p`, `item`, `link`); libxml2's HTML parser already lower-cases HTML names.
    public var name: String {
        pointer.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI of an element, if it has one.
    public var namespaceURI: String? {
        pointer.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The source line the node started on (for `--explain` and error messages).
    public var line: Int {
        Int(xmlGetLineNo(pointer))
    }

    public var parent: MarkupNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return MarkupNode(pointer: parent, document: document)
    }

    public var firstChild: MarkupNode? {
        pointer.pointee.children.map { MarkupNode(pointer: $0, document: document) }
    }

    public var nextSibling: MarkupNode? {
        pointer.pointee.next.map { MarkupNode(pointer: $0, document: document) }
    }

    /// All child nodes, in order.
    public var children: [MarkupNode] {
        var result: [MarkupNode] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(MarkupNode(pointer: current, document: document))
            child = current.pointee.next
        }
        return result
    }

    /// Child elements only, in order; built in one pass, without the intermediate list of every child.
    public var elementChildren: [MarkupNode] {
        var result: [MarkupNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(MarkupNode(pointer: current, document: document))
            }
            child = current.pointee.next
        }
        return result
    }

    /// An attribute's value; `namespace` selects a namespaced attribute such as `xml:base`.
    ///
    /// An element with no attributes in a document without an internal DTD subset (which could declare default
    /// values) has none to find: answered without a call into libxml2, which would first copy both names into
    /// C strings. Feed readers ask most elements for `xml:base` and `xml:lang`, which few carry.
    public func attribute(_ name: String, namespace: String? = nil) -> String? {
        if pointer.pointee.properties == nil, pointer.pointee.doc?.pointee.intSubset == nil {
            return nil
        }
        // `withCString(encodedAs:)` lends the string's own bytes; passing a String where libxml2 wants a pointer
        // would copy it into a fresh array on every call.
        let value = name.withCString(encodedAs: UTF8.self) { name -> UnsafeMutablePointer<xmlChar>? in
            guard let namespace else { return xmlGetNoNsProp(pointer, name) ?? xmlGetProp(pointer, name) }
            return namespace.withCString(encodedAs: UTF8.self) { xmlGetNsProp(pointer, name, $0) }
        }
        guard let value else { return nil }
        defer { cxml_free(value) }
        return String(cString: value)
    }

    /// The value of the first attribute called `name` (any namespace), read straight from the tree: no copy is made
    /// in C and nothing is allocated when the element has no such attribute, so asking an element for several
    /// attributes it mostly lacks stays cheap.
    public func value(ofAttribute name: String) -> String? {
        var attribute = pointer.pointee.properties
        var name = name
        return name.withUTF8 { wanted -> String? in
            while let current = attribute {
                defer { attribute = current.pointee.next }
                guard let attributeName = current.pointee.name, Self.equal(attributeName, wanted) else { continue }
                if let only = current.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE {
                    return only.pointee.content.map { String(cString: $0) } ?? ""
                }
                guard let raw = xmlNodeListGetString(pointer.pointee.doc, current.pointee.children, 1) else {
                    return ""
                }
                defer { cxml_free(raw) }
                return String(cString: raw)
            }
            return nil
        }
    }

    /// Whether a NUL-terminated libxml2 name equals `wanted`, byte for byte.
    private static func equal(_ name: UnsafePointer<xmlChar>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        for index in wanted.indices where name[index] != wanted[index] { return false }
        return name[wanted.count] == 0
    }

    /// Every attribute as (name, value), in document order.
    public var attributes: [(name: String, value: String)] {
        var result: [(String, String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            var value = ""
            if let only = current.pointee.children, only.pointee.next == nil, only.pointee.type == XML_TEXT_NODE,
               let content = only.pointee.content {
                // The usual case, one text child with entities already resolved: read it without a copy in C.
                value = String(cString: content)
            } else if let raw = xmlNodeListGetString(pointer.pointee.doc, current.pointee.children, 1) {
                value = String(cString: raw)
                cxml_free(raw)
            }
            result.append((name, value))
            attribute = current.pointee.next
        }
        return result
    }

    /// The node's own text: the content of a text, CDATA or comment node; empty for elements.
    public var text: String {
        guard kind != .element, let content = pointer.pointee.content else { return "" }
        return String(cString: content)
    }

    /// All descendant text, concatenated as it stands in the tree (no separators added).
    public var textContent: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { cxml_free(content) }
        return String(cString: content)
    }

    /// The subtree serialised back to markup (for an item's `content:encoded` or a debugging view).
    public var markup: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        xmlNodeDump(buffer, pointer.pointee.doc, pointer, 0, 0)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// The markup of the children only (the inside of the element).
    public var innerMarkup: String {
        children.map(\.markup).joined()
    }

    /// Unlinks the node from its tree and frees it. Views of the node or its descendants must not be used after.
    public func remove() {
        xmlUnlinkNode(pointer)
        xmlFreeNode(pointer)
    }

    /// Whether two views point at the same node.
    public func isSameNode(as other: MarkupNode) -> Bool {
        pointer == other.pointer
    }
}

extension MarkupNode: CustomStringConvertible {
    public var description: String {
        kind == .element ? "<\(name)> at line \(line)" : "\(kind) at line \(line)"
    }
}
