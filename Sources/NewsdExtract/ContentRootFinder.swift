/// Chooses the elements that hold the article body, readability-style.
///
/// Every paragraph-like element with at least 25 characters of its own text scores
/// `1 + commas + min(length / 100, 3)`, given in full to its parent, half to its grandparent and a falling share to
/// three more ancestors. A container starts from a weight for its tag and its class words (`article`, `content`,
/// `itemprop=articleBody` up; `footer`, `meta`, `byline` down), and its total is scaled by `1 - link density`. The best
/// container wins; if three of the five best share an ancestor, that ancestor wins instead (text split by ads);
/// then the winner's siblings that score well or read as paragraphs join it, and so do elements elsewhere with
/// exactly its class words (the body cut into chunks by advertisements).
enum ContentRootFinder {
    /// The content roots, in document order: `<body>` when no element inside it scores.
    static func find(in tree: PageTree) -> [Int] {
        let elements = tree.elements
        guard !elements.isEmpty else { return [] }
        var scores = [Double](repeating: 0, count: elements.count)
        var isCandidate = [Bool](repeating: false, count: elements.count)
        var index = 0
        while index < elements.count {
            let element = elements[index]
            if element.removed {
                index = element.end
                continue
            }
            index += 1
            guard element.inline >= 25, scoresAsParagraph(element.kind) else { continue }
            let score = 1 + Double(element.commas) + min(Double(element.inline) / 100, 3)
            // A container holding prose of its own (text between `<br>`s, no `<p>`) is a candidate itself.
            if element.kind == .container, index - 1 > tree.body, element.inline * 2 >= element.visible {
                if !isCandidate[index - 1] {
                    isCandidate[index - 1] = true
                    scores[index - 1] = initialScore(element)
                }
                scores[index - 1] += score
            }
            var ancestor = element.parent
            var level = 0
            while ancestor > tree.body, level < 5 {
                if !isCandidate[ancestor] {
                    isCandidate[ancestor] = true
                    scores[ancestor] = initialScore(elements[ancestor])
                }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                scores[ancestor] += score / divider
                ancestor = elements[ancestor].parent
                level += 1
            }
        }
        var ranked: [(index: Int, score: Double)] = []
        for index in elements.indices where isCandidate[index] {
            ranked.append((index, scores[index] * (1 - elements[index].linkDensity)))
        }
        guard let best = ranked.max(by: { $0.score < $1.score }) else { return [tree.body] }
        var final = [Double](repeating: 0, count: elements.count)
        for entry in ranked { final[entry.index] = entry.score }

        var top = commonAncestor(of: best, ranked: ranked, in: tree) ?? best.index
        while elements[top].parent > tree.body, onlyChild(top, in: tree) {
            top = elements[top].parent
        }
        var roots = siblings(joining: top, topScore: max(final[top], best.score), final: final, in: tree)
        roots += twins(of: top, roots: roots, in: tree)
        return roots.sorted()
    }

    /// Elements elsewhere on the page with exactly the winner's class words that hold prose: an article body cut
    /// into chunks by advertisements (`div.article-body` … ad … `div.article-body`).
    private static func twins(of top: Int, roots: [Int], in tree: PageTree) -> [Int] {
        let elements = tree.elements
        let words = elements[top].words
        guard !words.isEmpty else { return [] }
        var found: [Int] = []
        var index = tree.body
        while index < elements.count {
            let element = elements[index]
            if element.removed || roots.contains(where: { tree.contains($0, index) }) {
                index = element.end
                continue
            }
            let holdsARoot = roots.contains { tree.contains(index, $0) }
            // Substantial prose of its own: a teaser card built from the same template holds a line or two.
            if !holdsARoot, element.words == words, element.name == elements[top].name,
               element.prose >= max(200, elements[top].prose / 5), element.linkDensity < 0.3 {
                found.append(index)
                index = element.end
                continue
            }
            index += 1
        }
        return found
    }

    private static func scoresAsParagraph(_ kind: ElementKind) -> Bool {
        switch kind {
        case .paragraph, .preformatted, .tableRow, .quote, .container: true
        default: false
        }
    }

    private static func initialScore(_ element: PageElement) -> Double {
        var score: Double
        switch element.kind {
        case .container: score = element.name == "form" ? -3 : 5
        case .preformatted, .tableRow, .tableCell, .quote: score = 3
        case .list, .listItem: score = -3
        case .heading: score = -5
        default: score = 0
        }
        if element.isArticleBody { score += 50 }
        if element.words.contains(where: ClassVocabulary.content.contains) { score += 25 }
        if element.words.contains(where: ClassVocabulary.unlikely.contains)
            || ClassVocabulary.boilerplateMatch(element.words) != nil {
            score -= 25
        }
        return score
    }

    /// An ancestor of the best candidate that holds at least three of the five best, when they score close to it.
    private static func commonAncestor(of best: (index: Int, score: Double), ranked: [(index: Int, score: Double)],
                                       in tree: PageTree) -> Int? {
        let alternatives = ranked.sorted { $0.score > $1.score }.prefix(6)
            .filter { $0.index != best.index && $0.score >= best.score * 0.75 && !tree.contains(best.index, $0.index) }
        guard alternatives.count >= 3 else { return nil }
        var ancestor = tree.elements[best.index].parent
        while ancestor > tree.body {
            let held = alternatives.filter { tree.contains(ancestor, $0.index) }.count
            if held >= 3 { return ancestor }
            ancestor = tree.elements[ancestor].parent
        }
        return nil
    }

    private static func onlyChild(_ index: Int, in tree: PageTree) -> Bool {
        var count = 0
        for child in tree.children(of: tree.elements[index].parent) {
            switch child {
            case .element(let other) where !tree.elements[other].removed:
                count += 1
            case .text(let run) where run.visible > 0:
                return false
            default:
                continue
            }
        }
        return count == 1
    }

    private static func siblings(joining top: Int, topScore: Double, final: [Double], in tree: PageTree) -> [Int] {
        let elements = tree.elements
        let parent = elements[top].parent
        guard parent >= 0 else { return [top] }
        let threshold = max(10, topScore * 0.2)
        var roots: [Int] = []
        for child in tree.children(of: parent) {
            guard case .element(let sibling) = child, !elements[sibling].removed else { continue }
            if sibling == top {
                roots.append(sibling)
                continue
            }
            let element = elements[sibling]
            var score = final[sibling]
            if !element.label.isEmpty, element.label == elements[top].label { score += topScore * 0.2 }
            if score >= threshold {
                roots.append(sibling)
            } else if element.kind == .paragraph || element.kind == .quote {
                let density = element.linkDensity
                if element.visible > 80, density < 0.25 {
                    roots.append(sibling)
                } else if element.visible > 0, density == 0, endsSentence(tree.text(of: sibling)) {
                    roots.append(sibling)
                }
            }
        }
        return roots
    }

    private static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return ".!?\u{201D}\"".contains(last)
    }
}
