import NewsdXML

/// A run of text in the page, counted once when the page is flattened.
struct TextRun {
    var text: String
    /// Visible (non-space) characters.
    var visible: Int
    var commas: Int
}

/// A child of a ``PageElement``: another element (by index) or a run of text.
enum PageChild {
    case element(Int)
    case text(TextRun)
}

/// One entry of the children lists: a child and the index of the next entry with the same parent (-1 at the end).
///
/// Every element's children are a linked list threaded through one array of the tree, rather than an array per
/// element: a page has thousands of elements, and an allocation each was a large share of extraction time.
struct ChildLink {
    var child: PageChild
    var next: Int
}

/// The children of one element, in document order.
struct PageChildren: Sequence, IteratorProtocol {
    let links: [ChildLink]
    var cursor: Int

    mutating func next() -> PageChild? {
        guard cursor >= 0 else { return nil }
        defer { cursor = links[cursor].next }
        return links[cursor].child
    }
}

/// An element's attributes, looked up by name in the tree as they are needed: only the values asked for and
/// present are copied out of libxml2.
struct ElementAttributes {
    private let node: MarkupNode

    init(_ node: MarkupNode) {
        self.node = node
    }

    subscript(name: String) -> String? {
        node.value(ofAttribute: name)
    }
}

/// One element of the page as the extractor sees it.
///
/// The libxml2 tree is flattened once into an array in document order (preorder), so a subtree is the index range
/// `index..<end`, and sizes can be computed bottom-up in one backward pass instead of asking each node for its
/// `textContent`.
struct PageElement {
    var name: String
    var kind: ElementKind
    /// The parent's index, -1 for the root.
    var parent: Int
    /// One past the last index of this element's subtree.
    var end: Int
    var line: Int
    /// The words of `class` and `id` (see ``ClassVocabulary/words(_:)``).
    var words: [String]
    /// The `class` and `id` attributes as written.
    var classes: String
    var id: String
    var role: String?
    /// `itemprop="articleBody"`: the page's own claim to be the article text.
    var isArticleBody: Bool
    /// Hidden from readers: `hidden`, `aria-hidden="true"`, or an inline `display:none`.
    var isHidden: Bool
    /// The first and last entries of the element's children in ``PageTree/links``, -1 when it has none.
    var firstChild = -1
    var lastChild = -1

    /// Visible characters in the subtree, not counting removed elements.
    var visible = 0
    /// Visible characters inside links.
    var links = 0
    var commas = 0
    /// Visible characters of this element's own text: not inside a nested block element.
    var inline = 0
    /// Visible characters of paragraphs (`<p>` with less than half of their text in links) in the subtree: where
    /// the page's prose is.
    var prose = 0
    /// Removed before scoring (boilerplate, hidden, or a rule): its text reaches nothing.
    var removed = false
    /// Whether the subtree holds an `<h1>` or an `itemprop=articleBody` element: the article's own markers.
    var holdsArticleMarker = false

    var linkDensity: Double {
        visible == 0 ? 0 : Double(links) / Double(visible)
    }

    /// A short label for paths in explanations: `.first-class` or `#id`, or empty.
    var label: String {
        if let first = classes.split(separator: " ").first { return "." + first }
        return id.isEmpty ? "" : "#" + id
    }
}

/// The flattened page, its metadata as found, and the passes' shared measurements.
struct PageTree {
    var elements: [PageElement] = []
    /// Every element's children, as linked lists (see ``ChildLink``).
    private(set) var links: [ChildLink] = []
    var metadata = PageMetadataSource()
    /// Index of `<body>`, or of the root when there is none.
    var body = 0

    /// Flattens a parsed document, reading metadata elements (`<meta>`, `<link>`, `<title>`, JSON-LD) on the way.
    init(document: MarkupDocument, contentNode: MarkupNode?) {
        guard let root = document.root else { return }
        var stack: [(node: MarkupNode, element: Int?)] = []
        var parentIndex = -1
        var cursor: MarkupNode? = root
        var contentIndex: Int?
        while true {
            guard let node = cursor else {
                guard let frame = stack.popLast() else { break }
                if let index = frame.element {
                    elements[index].end = elements.count
                    parentIndex = elements[index].parent
                }
                if stack.isEmpty { break }
                cursor = frame.node.nextSibling
                continue
            }
            switch node.kind {
            case .text, .cdata:
                if parentIndex >= 0 {
                    let text = node.text
                    let counts = TextMeasure.count(text)
                    append(.text(TextRun(text: text, visible: counts.visible, commas: counts.commas)), to: parentIndex)
                }
            case .element:
                let name = node.name
                let kind = ElementKind.of(name)
                let attributes = ElementAttributes(node)
                switch kind {
                case .skipped:
                    metadata.read(node, name: name, attributes: attributes, words: nil)
                case .transparent:
                    metadata.read(node, name: name, attributes: attributes, words: nil)
                    stack.append((node, nil))
                    cursor = node.firstChild
                    continue
                default:
                    let index = elements.count
                    let element = Self.element(name: name, kind: kind, parent: parentIndex, line: node.line,
                                               attributes: attributes)
                    metadata.read(node, name: name, attributes: attributes, words: element.words)
                    elements.append(element)
                    if parentIndex >= 0 { append(.element(index), to: parentIndex) }
                    if name == "body" { body = index }
                    if let contentNode, contentIndex == nil, node.isSameNode(as: contentNode) {
                        contentIndex = index
                    }
                    stack.append((node, index))
                    parentIndex = index
                    cursor = node.firstChild
                    continue
                }
            default:
                break
            }
            cursor = node.nextSibling
        }
        forcedContent = contentIndex
    }

    private mutating func append(_ child: PageChild, to parent: Int) {
        let index = links.count
        links.append(ChildLink(child: child, next: -1))
        let last = elements[parent].lastChild
        if last >= 0 {
            links[last].next = index
        } else {
            elements[parent].firstChild = index
        }
        elements[parent].lastChild = index
    }

    /// The children of the element at `index`, in document order.
    func children(of index: Int) -> PageChildren {
        PageChildren(links: links, cursor: elements[index].firstChild)
    }

    /// The element a rule's content XPath selected, if it is in the tree.
    private(set) var forcedContent: Int?

    private static func element(name: String, kind: ElementKind, parent: Int, line: Int,
                                attributes: ElementAttributes) -> PageElement {
        let classes = attributes["class"] ?? ""
        let id = attributes["id"] ?? ""
        var words = ClassVocabulary.words(classes)
        if !id.isEmpty { words.append(contentsOf: ClassVocabulary.words(id)) }
        var hidden = attributes["hidden"] != nil || attributes["aria-hidden"] == "true"
        if !hidden, let style = attributes["style"] {
            hidden = InlineStyle.hides(style)
        }
        var kind = kind
        if kind == .container || kind == .paragraph || kind == .quote {
            if ClassVocabulary.isPullQuote(words) {
                kind = .pullQuote
            } else if kind != .quote, words.contains(where: ClassVocabulary.caption.contains) {
                kind = .caption
            } else if kind != .quote, words.contains(where: ClassVocabulary.standfirst.contains) {
                kind = .standfirst
            }
        } else if case .heading(let level) = kind, level >= 2,
                  words.contains(where: ClassVocabulary.standfirst.contains) {
            kind = .standfirst
        }
        return PageElement(
            name: name, kind: kind, parent: parent, end: 0, line: line, words: words, classes: classes, id: id,
            role: attributes["role"]?.lowercased(),
            isArticleBody: attributes["itemprop"]?.lowercased() == "articlebody", isHidden: hidden)
    }

    /// Computes every element's sizes from its children, skipping removed elements, in one backward pass.
    mutating func measure() {
        for index in elements.indices {
            elements[index].visible = 0
            elements[index].links = 0
            elements[index].commas = 0
            elements[index].inline = 0
            elements[index].prose = 0
            elements[index].holdsArticleMarker = elements[index].isArticleBody || elements[index].kind == .heading(1)
        }
        // Fields are read and written in place: copying a whole element out and back retains and releases its
        // strings and words on every step.
        for index in elements.indices.reversed() {
            guard !elements[index].removed else { continue }
            var visible = elements[index].visible
            var commas = elements[index].commas
            var inline = elements[index].inline
            var link = elements[index].firstChild
            while link >= 0 {
                if case .text(let run) = links[link].child {
                    visible += run.visible
                    commas += run.commas
                    inline += run.visible
                }
                link = links[link].next
            }
            let kind = elements[index].kind
            var linked = elements[index].links
            var prose = elements[index].prose
            if kind == .link { linked = visible }
            if kind == .paragraph, linked * 2 < visible { prose = visible }
            elements[index].visible = visible
            elements[index].commas = commas
            elements[index].inline = inline
            elements[index].links = linked
            elements[index].prose = prose
            let parent = elements[index].parent
            guard parent >= 0 else { continue }
            elements[parent].visible += visible
            elements[parent].links += linked
            elements[parent].commas += commas
            elements[parent].prose += prose
            if elements[index].holdsArticleMarker { elements[parent].holdsArticleMarker = true }
            if !kind.isBlock { elements[parent].inline += inline }
        }
    }

    /// The element's text with blocks separated by spaces, whitespace collapsed (for captions, titles and
    /// explanations of removed elements).
    func text(of index: Int) -> String {
        var pieces: [String] = []
        var stack: [(element: Int, link: Int)] = [(index, elements[index].firstChild)]
        while let frame = stack.last {
            guard frame.link >= 0 else {
                stack.removeLast()
                if elements[frame.element].kind.isBlock { pieces.append(" ") }
                continue
            }
            stack[stack.count - 1].link = links[frame.link].next
            switch links[frame.link].child {
            case .text(let run):
                pieces.append(run.text)
            case .element(let child):
                if elements[child].removed { continue }
                if elements[child].kind == .lineBreak { pieces.append(" ") }
                if elements[child].kind.isBlock || elements[child].kind == .tableCell { pieces.append(" ") }
                stack.append((child, elements[child].firstChild))
            }
        }
        return TextMeasure.collapse(pieces.joined())
    }

    /// `html>body>div.main>p`: the element's ancestry for explanations.
    func path(of index: Int) -> String {
        var parts: [String] = []
        var current = index
        while current >= 0 {
            let element = elements[current]
            parts.append(element.name + element.label)
            current = element.parent
        }
        return parts.reversed().joined(separator: ">")
    }

    /// Whether `index` lies in the subtree of `ancestor`.
    func contains(_ ancestor: Int, _ index: Int) -> Bool {
        index >= ancestor && index < elements[ancestor].end
    }
}

/// Whether an inline `style` hides its element (`display:none`, `visibility:hidden`), ignoring case and spaces.
enum InlineStyle {
    private static let hidingDeclarations = ["display:none", "visibility:hidden"]

    static func hides(_ style: String) -> Bool {
        var style = style
        let compact = style.withUTF8 { bytes -> [UInt8]? in
            // The usual all-ASCII value is lower-cased and compacted on its bytes.
            var compact: [UInt8] = []
            compact.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 { continue }
                compact.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
            return compact
        }
        guard let compact else {
            let lowered = String(style.lowercased().filter { $0 != " " })
            return hidingDeclarations.contains { lowered.contains($0) }
        }
        return TextMeasure.contains(String(decoding: compact, as: UTF8.self), anyOf: hidingDeclarations)
    }
}
