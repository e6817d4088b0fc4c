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

    /// The hash of the element's structural path: its ancestors' steps below `<body>` and its own, joined by `>`,
    /// each step the element's name and its class words (three letters or more, not words of the page's URL).
    ///
    /// FNV-1a continues from a prefix's hash, so each element's hash extends its parent's and every element's step
    /// is worked out once per page, not once per block below it (the hash equals that of the joined string).
    mutating func path(of index: Int) -> UInt64 {
        var chain: [Int] = []
        var current = index
        var hash = ParagraphFingerprint.hash(bytes: EmptyCollection())
        var atTop = true
        while current >= 0, current != tree.body {
            if let cached = pathCache[current] {
                hash = cached
                atTop = false
                break
            }
            chain.append(current)
            current = tree.elements[current].parent
        }
        for element in chain.reversed() {
            if !atTop { hash = ParagraphFingerprint.hash(bytes: CollectionOfOne(UInt8(ascii: ">")), continuing: hash) }
            hash = ParagraphFingerprint.hash(bytes: step(of: element).utf8, continuing: hash)
            atTop = false
            pathCache[element] = hash
        }
        return hash
    }

    /// One element's step in a structural path: `name.word.word`, the words sorted and distinct.
    private func step(of index: Int) -> String {
        let element = tree.elements[index]
        let words = Set(element.words.filter { $0.count >= 3 && !urlWords.contains($0) })
        return ([element.name] + words.sorted()).joined(separator: ".")
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
