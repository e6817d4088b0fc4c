import NewsdDedupe

/// Keys a page's blocks for the site template: their text hash and structural path hash.
///
/// The structural path runs from `<body>` to the block's element, each step the element's name and its class and
/// id words (``ClassVocabulary/words(_:)``, which already leaves digits out), sorted. Words shorter than three
/// letters (fragments of hashes such as `a9f3`) and words of the page's own URL (a slug in `id="story-harbour-bridge"`)
/// are left out: they name this article, not the place in the site's template.
struct TemplateKeys {
    let tree: PageTree
    /// Lower-cased words of the page URL's path.
    private let urlWords: Set<String>
    private var pathCache: [Int: UInt64] = [:]

    init(tree: PageTree, url: String?) {
        self.tree = tree
        var path = Substring(url ?? "")
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...].drop { $0 != "/" }
        }
        urlWords = Set(ClassVocabulary.words(String(path)))
    }

    /// The keys of a block.
    mutating func key(of block: RawBlock) -> TemplateBlockKey {
        TemplateBlockKey(text: ParagraphFingerprint.hash(ParagraphFingerprint.normalize(block.text)),
                         path: path(of: block.owner))
    }

    /// The hash of the element's structural path.
    mutating func path(of index: Int) -> UInt64 {
        if let cached = pathCache[index] { return cached }
        var steps: [String] = []
        var current = index
        while current >= 0, current != tree.body {
            let element = tree.elements[current]
            let words = Set(element.words.filter { $0.count >= 3 && !urlWords.contains($0) })
            steps.append(([element.name] + words.sorted()).joined(separator: "."))
            current = element.parent
        }
        let hash = ParagraphFingerprint.hash(steps.reversed().joined(separator: ">"))
        pathCache[index] = hash
        return hash
    }

    /// A hash naming the page: its URL, or without one, its blocks' texts.
    static func pageID(url: String?, keys: [TemplateBlockKey]) -> UInt64 {
        if let url, !url.isEmpty { return ParagraphFingerprint.hash(url) }
        return ParagraphFingerprint.hash(keys.map { String($0.text, radix: 16) }.joined(separator: " "))
    }
}

/// Applies a site template to a page's classified blocks and samples the page for learning.
///
/// The template only ever drops blocks the general signals kept; their reasons stand. When it would drop every
/// body block, it drops nothing: a page made only of recurring text is a repeat, not furniture.
struct TemplateReview {
    /// The most words of a block a recurring path may drop (longer blocks need their text to recur).
    static let minorWords = 12

    /// Reviews `classified` against `template` (if any) and returns what the page teaches a template.
    static func review(_ classified: inout [ClassifiedBlock], tree: PageTree, url: String?,
                       template: SiteTemplate?) -> PageSample
    {
        var keys = TemplateKeys(tree: tree, url: url)
        var sampled: [TemplateBlockKey] = []
        var verdicts: [(index: Int, reason: String)] = []
        for (index, entry) in classified.enumerated() where entry.block.removal == nil && !entry.block.text.isEmpty {
            let key = keys.key(of: entry.block)
            sampled.append(key)
            guard let template, entry.outcome != .dropped else { continue }
            let minor = TextMeasure.wordCount(entry.block.text) <= minorWords || entry.block.linkDensity >= 0.5
            if let reason = template.verdict(for: key, isMinor: minor) {
                verdicts.append((index, reason))
            }
        }
        let dropped = Set(verdicts.map(\.index))
        let bodyRemains = classified.indices.contains { classified[$0].outcome == .body && !dropped.contains($0) }
        if bodyRemains {
            for verdict in verdicts {
                classified[verdict.index].outcome = .dropped
                classified[verdict.index].reason = verdict.reason
            }
        }
        return PageSample(page: TemplateKeys.pageID(url: url, keys: sampled), blocks: sampled)
    }
}
