/// Where a block ends up.
enum BlockOutcome: Equatable {
    case body
    case caption
    case standfirst
    case pullQuote
    case dropped
}

/// A block with its outcome and the signal that decided it.
struct ClassifiedBlock {
    var block: RawBlock
    var outcome: BlockOutcome
    var reason: String
    /// Whether the block was dropped by a phrase that introduces a section of furniture.
    var endsSection = false
}

/// Decides, block by block and then from context, what is article text.
///
/// First each block on its own: rules, captions, repeats of the title or of an earlier block, then the text signals
/// of ``TextSignals`` and link density. Then two passes of context: after a block that introduces furniture ("More
/// News", "Sign up for…"), short blocks are furniture too until a real paragraph resumes; and a heading whose section
/// kept no text goes with it.
struct BlockClassifier {
    var rules: CompiledRules?
    /// Keys (``TextMeasure/key(_:)``) of the title as the page states it in its metadata, `<h1>` and `<title>`.
    var titleKeys: Set<String>
    /// The key of the document's `<title>`, which may carry a site suffix.
    var documentTitleKey: String?
    /// Elements inside which captions count (the content roots and their enclosing `<article>`).
    var captionScopes: [Int]
    var tree: PageTree

    /// The shortest key of a block treated as a repeat when an earlier block starts the same way.
    private static let repeatPrefix = 50
    /// The shortest key of a block dropped as a repeat of an earlier one: a repeated sentence (a teaser that is
    /// also the first paragraph) goes, short recurring lines of a list or a recipe ("Eat every 2–3 hours") stay.
    private static let repeatMinimum = 40

    func classify(_ blocks: [RawBlock]) -> [ClassifiedBlock] {
        let authorNames = Self.authorNames(blocks)
        var result: [ClassifiedBlock] = []
        result.reserveCapacity(blocks.count)
        var seenKeys: [String: Int] = [:]
        var seenPrefixes: [Substring: String] = [:]
        seenKeys.reserveCapacity(blocks.count)
        seenPrefixes.reserveCapacity(blocks.count)
        var seenCaptions: Set<String> = []
        var seenStandfirst = false
        var seenSubstantial = false
        for (index, block) in blocks.enumerated() {
            let key = block.removal == nil ? TextMeasure.key(block.text) : ""
            var classified = authorNames.contains(index) && block.inRoot && block.removal == nil
                ? dropped(block, "the author's name beside the byline")
                : decide(block, key: key, seenSubstantial: seenSubstantial)
            // Characters, counted once (and not at all for keys with fewer bytes than either threshold).
            let keyLength = key.utf8.count < Self.repeatMinimum ? key.utf8.count : TextMeasure.characterCount(key)
            if classified.outcome == .standfirst {
                if seenStandfirst { classified = dropped(block, "a second standfirst") }
                seenStandfirst = true
            } else if classified.outcome == .pullQuote {
                if !seenCaptions.insert(key).inserted { classified = dropped(block, "repeated pull quote") }
            } else if classified.outcome != .dropped {
                if classified.outcome == .caption {
                    if !seenCaptions.insert(key).inserted {
                        classified.outcome = .dropped
                        classified.reason = "repeated caption"
                    }
                } else if keyLength >= Self.repeatMinimum, let line = seenKeys[key] {
                    classified = dropped(block, "repeats the block at line \(line)")
                } else if keyLength >= Self.repeatPrefix,
                          let earlier = seenPrefixes[key.prefix(Self.repeatPrefix)],
                          earlier.hasPrefix(key) || key.hasPrefix(earlier) {
                    classified = dropped(block, "repeats an earlier block (same opening)")
                } else {
                    if keyLength >= Self.repeatMinimum { seenKeys[key] = tree.elements[block.owner].line }
                    if keyLength >= Self.repeatPrefix { seenPrefixes[key.prefix(Self.repeatPrefix)] = key }
                }
            }
            if classified.outcome == .body, isSubstantial(block) { seenSubstantial = true }
            result.append(classified)
        }
        dropFurnitureSections(&result)
        dropEmptyHeadings(&result)
        return result
    }

    /// Positions of blocks that are only the author's name, next to a "By …" line naming the same author: the
    /// name under an author's photo beside the byline. The name alone elsewhere (a signature) stays.
    private static func authorNames(_ blocks: [RawBlock]) -> Set<Int> {
        var result: Set<Int> = []
        for (index, block) in blocks.enumerated() where block.removal == nil && block.text.utf8.count <= 80 {
            let text = block.text
            guard let name = TextSignals.byline(text, lower: TextSignals.lowered(text),
                                                words: TextMeasure.wordCount(text)) else { continue }
            let nameKey = TextMeasure.key(name)
            for neighbour in [index - 1, index + 1] where blocks.indices.contains(neighbour) {
                let other = blocks[neighbour]
                if other.removal == nil, other.text.utf8.count <= 80, TextMeasure.key(other.text) == nameKey {
                    result.insert(neighbour)
                }
            }
        }
        return result
    }

    private func isSubstantial(_ block: RawBlock) -> Bool {
        block.visible >= 80 && block.linkDensity <= 0.3
    }

    private func dropped(_ block: RawBlock, _ reason: String, endsSection: Bool = false) -> ClassifiedBlock {
        ClassifiedBlock(block: block, outcome: .dropped, reason: reason, endsSection: endsSection)
    }

    private func decide(_ block: RawBlock, key: String, seenSubstantial: Bool) -> ClassifiedBlock {
        if let removal = block.removal { return dropped(block, removal) }
        if block.kind.isSetApart {
            let inScope = captionScopes.contains { tree.contains($0, block.owner) }
            switch block.kind {
            case .standfirst:
                return inScope ? ClassifiedBlock(block: block, outcome: .standfirst, reason: "standfirst")
                    : dropped(block, "standfirst outside the article")
            case .pullQuote:
                return inScope ? ClassifiedBlock(block: block, outcome: .pullQuote, reason: "pull quote")
                    : dropped(block, "pull quote outside the article")
            default:
                return inScope ? ClassifiedBlock(block: block, outcome: .caption, reason: "caption")
                    : dropped(block, "caption outside the article")
            }
        }
        guard block.inRoot else { return dropped(block, "outside the content root") }
        let text = block.text
        if let pattern = rules?.dropPattern(matching: text) { return dropped(block, "rule: drop pattern '\(pattern)'") }
        if titleKeys.contains(key)
            || (key.utf8.count >= 20 && TextMeasure.characterCount(key) >= 20 && documentTitleKey?.hasPrefix(key) == true) {
            return dropped(block, "repeats the title")
        }
        let words = TextMeasure.wordCount(text)
        let lower = words <= TextSignals.longestLowered ? TextSignals.lowered(text) : ""
        if TextSignals.isImageFileName(text, lower: lower, words: words) { return dropped(block, "image file name") }
        if TextSignals.isReadingTime(text, lower: lower, words: words) { return dropped(block, "reading time") }
        if TextSignals.isShareButtons(text, lower: lower, words: words) { return dropped(block, "share buttons") }
        if let phrase = TextSignals.phrase(text, lower: lower, words: words) {
            return dropped(block, "boilerplate phrase '\(phrase.text)'", endsSection: phrase.endsSection)
        }
        if TextSignals.isCookieNotice(text, lower: lower, words: words) {
            return dropped(block, TextSignals.cookieReason, endsSection: true)
        }
        if TextSignals.isPaywallNotice(text, lower: lower, words: words) {
            return dropped(block, TextSignals.paywallReason, endsSection: true)
        }
        if TextSignals.isSignUp(text, lower: lower, words: words) { return dropped(block, "newsletter sign-up", endsSection: true) }
        if PromotionSignals.isCrossSellTitle(lower, words: words) {
            return dropped(block, "cross-sell title", endsSection: true)
        }
        if let reason = PromotionSignals.promotion(text, lower: lower, words: words) { return dropped(block, reason) }
        if PromotionSignals.isPhotoCredit(text, lower: lower, words: words) { return dropped(block, "photo credit") }
        if PromotionSignals.isCreditedCaption(text, lower: lower, words: words) {
            return ClassifiedBlock(block: block, outcome: .caption, reason: "caption (ends with a photo credit)")
        }
        let density = block.linkDensity
        // A sentence of the article may link most of its words; a short line of links is a menu or a teaser.
        let linkLimit = block.kind == .paragraph && words >= 12 ? 0.7 : 0.5
        if density > linkLimit { return dropped(block, "link-dense (\(Int(density * 100))% links)") }
        if TextSignals.byline(text, lower: lower, words: words) != nil { return dropped(block, "byline") }
        if TextSignals.isBylineWithDate(text, lower: lower, words: words) { return dropped(block, "byline with date") }
        if !seenSubstantial, TextSignals.isDateOnly(text, lower: lower, words: words) { return dropped(block, "date line") }
        if TextSignals.isTimeStamp(text, lower: lower, words: words) { return dropped(block, "time stamp") }
        if !block.kind.isHeading {
            if TextSignals.isCapitalLabel(text, words: words) { return dropped(block, "label in capitals") }
            if TextSignals.isFragment(text, words: words) { return dropped(block, "lone word") }
        }
        return ClassifiedBlock(block: block, outcome: .body, reason: reasonKept(block.kind))
    }

    private func reasonKept(_ kind: ElementKind) -> String {
        switch kind {
        case .heading: "heading"
        case .listItem: "list item"
        case .quote: "quote"
        case .preformatted: "preformatted"
        case .tableRow: "table row"
        default: "paragraph"
        }
    }

    /// After furniture that opens a section, short blocks are furniture until a substantial paragraph resumes.
    private func dropFurnitureSections(_ blocks: inout [ClassifiedBlock]) {
        var opener: String?
        for index in blocks.indices where blocks[index].block.inRoot {
            let block = blocks[index]
            if block.endsSection {
                opener = String(block.block.text.prefix(40))
            } else if block.outcome == .body {
                if isSubstantial(block.block) {
                    opener = nil
                } else if let opener {
                    blocks[index].outcome = .dropped
                    blocks[index].reason = "follows furniture ('\(opener)')"
                }
            }
        }
    }

    /// A heading whose section (up to the next heading of its level or above) kept no text is furniture:
    /// "Latest News", "Don't Miss".
    private func dropEmptyHeadings(_ blocks: inout [ClassifiedBlock]) {
        // keptSince[level]: kept text follows, before the next heading of this level or above.
        var keptSince = [Bool](repeating: false, count: 7)
        for index in blocks.indices.reversed() where blocks[index].block.inRoot {
            let block = blocks[index]
            guard block.outcome == .body else { continue }
            guard case .heading(let level) = block.block.kind else {
                for level in keptSince.indices { keptSince[level] = true }
                continue
            }
            if !keptSince[level] {
                blocks[index].outcome = .dropped
                blocks[index].reason = "heading of a section with no kept text"
            }
            for deeper in level..<keptSince.count { keptSince[deeper] = false }
        }
    }
}
