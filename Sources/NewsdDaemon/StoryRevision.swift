public import Foundation
public import NewsdDedupe
public import NewsdExtract
public import NewsdSpool

/// An article on its way to the spool: what extraction made of one feed item.
public struct IncomingArticle: Sendable {
    /// The source the item came from.
    public var sourceID: String
    /// The item's identity in its feed (GUID, id, link or content hash), stable across polls.
    public var itemKey: String
    /// The URL the page was fetched from, after redirects.
    public var url: String
    /// The item's title in the feed, used when the page has none.
    public var feedTitle: String?
    /// The item's date in the feed, used when the page has none.
    public var feedPublished: Date?
    /// The extracted article.
    public var article: Article
    /// When the page was fetched.
    public var fetchedAt: Date

    public init(sourceID: String, itemKey: String, url: String, feedTitle: String?, feedPublished: Date?,
                article: Article, fetchedAt: Date)
    {
        self.sourceID = sourceID
        self.itemKey = itemKey
        self.url = url
        self.feedTitle = feedTitle
        self.feedPublished = feedPublished
        self.article = article
        self.fetchedAt = fetchedAt
    }

    /// The headline: the page's title, else the feed's, else the first words of the text.
    var title: String {
        if let title = article.title, !title.isEmpty { return title }
        if let title = feedTitle, !title.isEmpty { return title }
        return String(article.paragraphs.first?.prefix(80) ?? "(untitled)")
    }

    /// The canonical URL the page declares, else the URL it was fetched from.
    var canonicalURL: String { article.canonicalURL ?? url }

    /// When the copy was published: the feed's date first — a timestamp the publisher declares for the item — then
    /// the page's, which may be only a printed day.
    var published: Date? { feedPublished ?? article.published }

    /// The page's details beyond the record's own fields.
    var page: StoryPage {
        let article = article
        return StoryPage(
            standfirst: article.standfirst, pullQuotes: article.pullQuotes, modified: article.modified,
            section: article.section, leadImage: article.leadImage, siteName: article.siteName,
            access: article.access == .paywalled ? .paywalled : .open, isAccessibleForFree: article.isAccessibleForFree,
            hasPaywalledSection: article.hasPaywalledSection, bylines: article.bylines)
    }
}

/// Builds story records: the first revision of a new story, and the next revision when a copy joins.
///
/// Pure functions of their inputs (the clock is a parameter), so the revision rules are tested without I/O.
public enum StoryRevision {
    /// A story's id: a fixed hash of the first copy's source and item, so reprocessing the same item after a crash
    /// gives the same id.
    public static func storyID(source: String, itemKey: String) -> String {
        let hash = ParagraphFingerprint.hash(source + "\u{1F}" + itemKey)
        let hex = String(hash, radix: 16)
        return "s" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Revision 1 of a story that starts with `incoming`.
    public static func first(_ incoming: IncomingArticle, storyID: String, related: [String], now: Date)
        -> StoryRecord
    {
        let copy = copyRecord(incoming, shared: incoming.article.paragraphs.count)
        return StoryRecord(
            storyID: storyID, revision: 1, supersedes: nil, writtenAt: now,
            title: incoming.title, byline: incoming.article.byline,
            published: incoming.published,
            canonicalURL: incoming.canonicalURL, source: incoming.sourceID, language: incoming.article.language,
            paragraphs: incoming.article.paragraphs, captions: incoming.article.captions,
            copies: [copy], related: related, page: incoming.page
        )
    }

    /// The next revision of `previous` once `incoming` joins it, folding in `merged` stories when the copy bridged
    /// them. The record keeps the text of the source with the highest `priorities` entry (absent: 0) and, between
    /// equal priorities, the most complete text (the longer one; on a tie the one already there); it lists every
    /// copy, the incoming one with its provenance and the overlap that made it join.
    public static func joining(_ previous: StoryRecord, previousFileName: String, incoming: IncomingArticle,
                               match: StoryMatch?, merged: [(record: StoryRecord, fileName: String)] = [],
                               related: [String], priorities: [String: Int] = [:], now: Date) -> StoryRecord
    {
        func rank(source: String, paragraphs: [String]) -> (Int, Int) {
            (priorities[source] ?? 0, paragraphs.reduce(0) { $0 + $1.count })
        }
        var next = previous
        next.revision = previous.revision + 1
        next.supersedes = previousFileName
        next.writtenAt = now
        for (record, fileName) in merged {
            next.copies.append(contentsOf: record.copies)
            next.mergedStories.append(contentsOf: record.mergedStories)
            next.mergedStories.append(MergedStory(storyID: record.storyID, revision: record.revision,
                                                  record: fileName))
            if rank(source: record.source, paragraphs: record.paragraphs)
                > rank(source: next.source, paragraphs: next.paragraphs)
            {
                adoptText(of: record, into: &next)
            }
        }
        var copy = copyRecord(incoming, shared: 0)
        let overlap = ParagraphOverlap(copy: incoming.article.paragraphs, story: next.paragraphs)
        copy.sharedParagraphs = overlap.shares.count
        copy.sharesParagraphs = overlap.shares
        copy.addsParagraphs = overlap.adds
        copy.lacksParagraphs = overlap.lacks
        copy.match = match.map { match in
            CopyMatch(sharedShingles: match.evidence.shared, copyShingles: match.evidence.incomingSamples,
                      storyShingles: match.evidence.indexedSamples, containment: match.evidence.containment,
                      bridged: merged.map(\.record.storyID))
        }
        next.copies.append(copy)
        let folded = Set(merged.map(\.record.storyID) + [previous.storyID])
        next.related = Array(Set(previous.related).union(related).union(merged.flatMap(\.record.related)))
            .filter { !folded.contains($0) }.sorted()

        if rank(source: incoming.sourceID, paragraphs: incoming.article.paragraphs)
            > rank(source: next.source, paragraphs: next.paragraphs)
        {
            next.title = incoming.title
            next.byline = incoming.article.byline
            next.published = incoming.published
            next.canonicalURL = incoming.canonicalURL
            next.source = incoming.sourceID
            next.language = incoming.article.language
            next.paragraphs = incoming.article.paragraphs
            next.captions = incoming.article.captions
            next.page = incoming.page
        }
        // Through the initialiser, so dates are whole seconds, as a decoded record has them.
        var record = StoryRecord(
            storyID: next.storyID, revision: next.revision, supersedes: next.supersedes, writtenAt: next.writtenAt,
            title: next.title, byline: next.byline, published: next.published, canonicalURL: next.canonicalURL,
            source: next.source, language: next.language, paragraphs: next.paragraphs, captions: next.captions,
            copies: next.copies, related: next.related, page: next.page
        )
        record.mergedStories = next.mergedStories
        return record
    }

    private static func adoptText(of record: StoryRecord, into next: inout StoryRecord) {
        next.title = record.title
        next.byline = record.byline
        next.published = record.published
        next.canonicalURL = record.canonicalURL
        next.source = record.source
        next.language = record.language
        next.paragraphs = record.paragraphs
        next.captions = record.captions
        next.page = record.page
    }

    private static func copyRecord(_ incoming: IncomingArticle, shared: Int) -> StoryCopy {
        StoryCopy(
            url: incoming.canonicalURL, source: incoming.sourceID, title: incoming.title, itemID: incoming.itemKey,
            published: incoming.published, fetchedAt: incoming.fetchedAt,
            paragraphCount: incoming.article.paragraphs.count, sharedParagraphs: shared
        )
    }
}
