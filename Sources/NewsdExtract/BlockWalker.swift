/// A block of text as the walk found it, before any decision.
struct RawBlock {
    /// Whitespace-collapsed text.
    var text: String
    /// The block element the text belongs to (its nearest block ancestor).
    var owner: Int
    var kind: ElementKind
    var visible: Int
    var links: Int
    /// Whether the text lies inside a content root.
    var inRoot: Bool
    /// Set for an element removed before scoring: why.
    var removal: String?

    var linkDensity: Double {
        visible == 0 ? 0 : Double(links) / Double(visible)
    }
}

/// Walks the page in document order and cuts its text into blocks.
///
/// Block elements (`p`, headings, `li`, `blockquote`, `pre`, table cells, a `div`'s own text…) each give their own
/// block, so a date and a section label in sibling `div`s never run together. Inline elements join their text to
/// the block around them. `<br><br>` ends a block. Captions, standfirsts and pull quotes become one block each.
struct BlockWalker {
    let tree: PageTree
    let roots: Set<Int>
    /// Whether to give removed elements a block too (with their text), for explanations.
    let explaining: Bool
    /// Why each removed element was removed, by index (used when explaining).
    let removalReasons: [Int: String]

    private struct Accumulator {
        var pieces: [String] = []
        var visible = 0
        var links = 0
        var inRoot = false
    }

    func blocks() -> [RawBlock] {
        guard !tree.elements.isEmpty else { return [] }
        var blocks: [RawBlock] = []
        var current = Accumulator()
        var owner = tree.body
        var linkDepth = 0
        var rootDepth = roots.contains { tree.contains($0, tree.body) } ? 1 : 0
        var pendingBreak = false
        var stack: [(element: Int, link: Int, savedOwner: Int)] = [
            (tree.body, tree.elements[tree.body].firstChild, tree.body),
        ]

        func flush() {
            defer { current = Accumulator() }
            guard current.visible > 0 else { return }
            let text = TextMeasure.collapse(current.pieces.joined())
            blocks.append(RawBlock(text: text, owner: owner, kind: tree.elements[owner].kind, visible: current.visible,
                                   links: current.links, inRoot: current.inRoot))
        }

        while let frame = stack.last {
            guard frame.link >= 0 else {
                stack.removeLast()
                let kind = tree.elements[frame.element].kind
                if kind.isBlock {
                    flush()
                    owner = frame.savedOwner
                }
                if kind == .link { linkDepth -= 1 }
                if roots.contains(frame.element) { rootDepth -= 1 }
                continue
            }
            stack[stack.count - 1].link = tree.links[frame.link].next
            switch tree.links[frame.link].child {
            case .text(let run):
                current.pieces.append(run.text)
                guard run.visible > 0 else { continue }
                if current.visible == 0 { current.inRoot = rootDepth > 0 }
                current.visible += run.visible
                if linkDepth > 0 { current.links += run.visible }
                pendingBreak = false
            case .element(let index):
                let kind = tree.elements[index].kind
                if tree.elements[index].removed {
                    if kind.isBlock { flush() }
                    if explaining {
                        let text = tree.text(of: index)
                        if !text.isEmpty {
                            blocks.append(RawBlock(text: text, owner: index, kind: kind, visible: 0, links: 0,
                                                   inRoot: rootDepth > 0 || roots.contains(index),
                                                   removal: removalReasons[index] ?? "removed"))
                        }
                    }
                    continue
                }
                if kind == .lineBreak {
                    if pendingBreak {
                        flush()
                        pendingBreak = false
                    } else {
                        current.pieces.append(" ")
                        pendingBreak = true
                    }
                    continue
                }
                pendingBreak = false
                if kind.isSetApart {
                    flush()
                    let text = tree.text(of: index)
                    if !text.isEmpty {
                        blocks.append(RawBlock(text: text, owner: index, kind: kind, visible: tree.elements[index].visible,
                                               links: tree.elements[index].links, inRoot: rootDepth > 0 || roots.contains(index)))
                    }
                    continue
                }
                if kind.isBlock {
                    flush()
                    stack.append((index, tree.elements[index].firstChild, owner))
                    owner = index
                } else {
                    if kind == .tableCell { current.pieces.append(" ") }
                    stack.append((index, tree.elements[index].firstChild, owner))
                }
                if kind == .link { linkDepth += 1 }
                if roots.contains(index) { rootDepth += 1 }
            }
        }
        flush()
        return blocks
    }
}
