/// How a source's site template is learned and applied (`rules.template` in a source file).
///
/// A site wraps every article in the same furniture: a sign-up box, a footer, a "follow us" line. Generic signals
/// miss some of it, but a source's pages give it away by recurring: the same text, or the same place holding
/// repeating text, on most of them.
public struct SiteTemplateSettings: Sendable, Equatable {
    /// The most blocks remembered per page; a larger page keeps its first and last blocks, where furniture sits.
    public static let maximumBlocksPerPage = 400
    /// The fewest pages ``minimumPages`` may ask for: nothing is ever learned from a single page.
    public static let fewestPages = 2

    /// Whether the source's template is learned and applied (`enabled`, default true).
    public var enabled: Bool
    /// How many of the source's most recent pages are remembered (`pages`, default 20): older pages age out, so a
    /// redesigned site is relearned within about half this many pages.
    public var window: Int
    /// How many pages must be remembered before the template drops anything (`min_pages`, default 8).
    public var minimumPages: Int
    /// The share of remembered pages a block must recur on to count as furniture (`share_percent`, default 50%).
    public var sharePercent: Int

    public init(enabled: Bool = true, window: Int = 20, minimumPages: Int = 8, sharePercent: Int = 50) {
        self.enabled = enabled
        self.window = window
        self.minimumPages = minimumPages
        self.sharePercent = sharePercent
    }
}

/// The keys of one block of a page, as the template compares them across pages.
public struct TemplateBlockKey: Sendable, Hashable {
    /// FNV-1a 64 of the block's normalised text (``ParagraphFingerprint``'s, so it matches the dedupe index).
    public var text: UInt64
    /// FNV-1a 64 of the block's structural path: element names with their class and id words, digits and
    /// one-off tokens stripped, from `<body>` down.
    public var path: UInt64

    public init(text: UInt64, path: UInt64) {
        self.text = text
        self.path = path
    }
}

/// What a site template learns from one page: every block's keys, kept or dropped, in document order, distinct.
public struct PageSample: Sendable, Equatable {
    /// Identifies the page (a hash of its URL), so a page extracted twice is remembered once.
    public var page: UInt64
    public var blocks: [TemplateBlockKey]

    /// A sample of at most ``SiteTemplateSettings/maximumBlocksPerPage`` distinct blocks; a larger page keeps its
    /// first and last blocks.
    public init(page: UInt64, blocks: [TemplateBlockKey]) {
        var seen = Set<TemplateBlockKey>()
        var distinct = blocks.filter { seen.insert($0).inserted }
        let cap = SiteTemplateSettings.maximumBlocksPerPage
        if distinct.count > cap {
            distinct = Array(distinct.prefix(cap / 2) + distinct.suffix(cap - cap / 2))
        }
        self.page = page
        self.blocks = distinct
    }
}

/// A source's learned site template: the blocks of its most recent pages, and what recurs among them.
///
/// A value: ``learn(_:)`` is the learner, a pure function of the template and one page. The window of recent pages
/// is the decay: a page older than ``SiteTemplateSettings/window`` pages no longer counts, so after a redesign the
/// old furniture fades and the new is learned.
///
/// A block is furniture by the template when either
/// - its text recurs on at least ``SiteTemplateSettings/sharePercent`` of the remembered pages, or
/// - it is minor (short or mostly links) and sits at a structural path that recurs on that share of pages *and*
///   mostly holds recurring text there. Body paragraphs share one path on every page, but their texts differ, so
///   that path never qualifies and a short body paragraph is never dropped for where it sits.
public struct SiteTemplate: Sendable, Equatable {
    public private(set) var settings: SiteTemplateSettings
    /// The remembered pages, oldest first, at most ``SiteTemplateSettings/window``.
    public private(set) var pages: [PageSample]
    private var counts = Counts()

    /// How often keys recur in the window, derived from ``pages``.
    private struct Counts: Sendable, Equatable {
        /// Pages each text appears on.
        var textPages: [UInt64: Int] = [:]
        /// Pages each path appears on.
        var pathPages: [UInt64: Int] = [:]
        /// Per path: blocks seen there, and those whose text recurs on enough pages.
        var pathBlocks: [UInt64: PathTally] = [:]
    }

    private struct PathTally: Sendable, Equatable {
        var total = 0
        var recurring = 0
    }

    /// An empty template: it drops nothing until it has seen ``SiteTemplateSettings/minimumPages`` pages.
    public init(settings: SiteTemplateSettings, pages: [PageSample] = []) {
        self.settings = settings
        self.pages = Array(pages.suffix(max(settings.window, 1)))
        recount()
    }

    /// Whether the template has seen enough pages to drop anything.
    public var isActive: Bool {
        settings.enabled && pages.count >= max(settings.minimumPages, SiteTemplateSettings.fewestPages)
    }

    /// The number of remembered pages a key must appear on to recur: the share of the window, and never fewer
    /// than two pages.
    public var recurrenceThreshold: Int {
        let share = pages.count * settings.sharePercent
        return max((share + 99) / 100, SiteTemplateSettings.fewestPages)
    }

    /// Learns one page: it becomes the newest page (replacing an earlier sample of the same page), and the oldest
    /// pages beyond the window age out.
    public mutating func learn(_ sample: PageSample) {
        pages.removeAll { $0.page == sample.page }
        pages.append(sample)
        if pages.count > settings.window { pages.removeFirst(pages.count - settings.window) }
        recount()
    }

    /// Applies new settings (after a configuration change), dropping pages beyond a smaller window.
    public mutating func adopt(_ settings: SiteTemplateSettings) {
        self.settings = settings
        if pages.count > settings.window { pages.removeFirst(pages.count - settings.window) }
        recount()
    }

    /// Why a block is furniture by the template, or `nil` when the template has nothing against it.
    ///
    /// - Parameters:
    ///   - key: the block's keys.
    ///   - isMinor: whether the block is short or mostly links, the only kind a recurring path can drop.
    public func verdict(for key: TemplateBlockKey, isMinor: Bool) -> String? {
        guard isActive else { return nil }
        let threshold = recurrenceThreshold
        let textPages = counts.textPages[key.text] ?? 0
        if textPages >= threshold {
            return "site template: text recurs on \(textPages) of \(pages.count) recent pages"
        }
        guard isMinor, let pathPages = counts.pathPages[key.path], pathPages >= threshold,
              let blocks = counts.pathBlocks[key.path], blocks.recurring * 100 >= blocks.total * settings.sharePercent
        else { return nil }
        let percent = blocks.recurring * 100 / max(blocks.total, 1)
        return "site template: place recurs on \(pathPages) of \(pages.count) recent pages, "
            + "\(percent)% of its text repeats"
    }

    /// One line for `newsd extract --explain`: what the template knows and what it will drop.
    public var summary: String {
        guard settings.enabled else { return "site template: disabled (rules.template.enabled is false)" }
        guard isActive else {
            return "site template: learning, \(pages.count) of \(settings.minimumPages) pages seen; drops nothing yet"
        }
        return "site template: \(pages.count) recent pages; drops blocks whose text (or short blocks whose place) "
            + "recurs on at least \(recurrenceThreshold) of them"
    }

    private mutating func recount() {
        var counts = Counts()
        for page in pages {
            var texts = Set<UInt64>()
            var paths = Set<UInt64>()
            for block in page.blocks {
                texts.insert(block.text)
                paths.insert(block.path)
            }
            for text in texts { counts.textPages[text, default: 0] += 1 }
            for path in paths { counts.pathPages[path, default: 0] += 1 }
        }
        let threshold = recurrenceThreshold
        for page in pages {
            for block in page.blocks {
                counts.pathBlocks[block.path, default: PathTally()].total += 1
                if (counts.textPages[block.text] ?? 0) >= threshold {
                    counts.pathBlocks[block.path, default: PathTally()].recurring += 1
                }
            }
        }
        self.counts = counts
    }
}
