/// The part of a page the publisher marks as for subscribers only: schema.org `hasPart` entries with
/// `isAccessibleForFree: false` and a `cssSelector` (Google's markup for paywalled content), found so the record
/// can say that the body holds subscriber-only text.
///
/// Only simple selectors are read — a tag, `#id` and `.class` parts, and lists of them separated by commas
/// (`.paywall`, `div.premium-content, #locked`) — which is how publishers write this markup; a selector with
/// combinators or attributes matches nothing rather than something wrong.
struct PaywalledSection {
    private struct Simple {
        var tag: String?
        var id: String?
        var classes: [String] = []
    }

    private let selectors: [Simple]
    /// The selectors as the page wrote them, for explanations.
    let written: [String]

    init(selectors: [String]) {
        written = selectors
        self.selectors = selectors.flatMap { $0.split(separator: ",") }.compactMap(Self.parse)
    }

    var isEmpty: Bool { selectors.isEmpty }

    private static func parse(_ text: Substring) -> Simple? {
        let selector = text.trimmingPrefix(" ").reversed().drop { $0 == " " }.reversed()
        guard !selector.isEmpty, !selector.contains(where: { " >+~[]:*()".contains($0) }) else { return nil }
        var simple = Simple()
        var current = ""
        var marker: Character? = nil
        func flush() {
            guard !current.isEmpty else { return }
            switch marker {
            case "#": simple.id = current
            case ".": simple.classes.append(current)
            default: simple.tag = current.lowercased()
            }
            current = ""
        }
        for character in selector {
            if character == "#" || character == "." {
                flush()
                marker = character
            } else {
                current.append(character)
            }
        }
        flush()
        return simple.tag == nil && simple.id == nil && simple.classes.isEmpty ? nil : simple
    }

    /// Whether `element` is one the selectors name.
    func matches(_ element: PageElement) -> Bool {
        selectors.contains { simple in
            if let tag = simple.tag, tag != element.name { return false }
            if let id = simple.id, id != element.id { return false }
            guard !simple.classes.isEmpty else { return true }
            let classes = element.classes.split(separator: " ")
            return simple.classes.allSatisfy { name in classes.contains { $0 == name } }
        }
    }

    /// Whether an element the selectors name holds text on this page. The section stays in the body: pages
    /// that carry it were served it (publishers send the full text to crawlers and to readers within their
    /// metered allowance), and on the shared set dropping it lost whole articles; a stub without it is told by
    /// ``AccessClassifier``.
    func isPresent(in tree: PageTree) -> Bool {
        guard !isEmpty else { return false }
        return tree.elements.contains { !$0.removed && $0.visible > 0 && matches($0) }
    }
}
