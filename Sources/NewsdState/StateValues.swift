public import Foundation

/// A feed URL's HTTP validators, sent back on the next poll so an unchanged feed costs a 304.
public struct FeedValidators: Sendable, Equatable {
    /// The `ETag` response header.
    public var etag: String?
    /// The `Last-Modified` response header.
    public var lastModified: String?

    /// Creates validators; both absent means there is nothing to send.
    public init(etag: String?, lastModified: String?) {
        self.etag = etag
        self.lastModified = lastModified
    }
}

/// A story's latest stored revision.
public struct StoredStory: Sendable, Equatable {
    /// The story's id.
    public var id: String
    /// The latest revision.
    public var revision: Int
    /// The spool file name of the latest revision's record (the next revision's `supersedes`).
    public var recordFileName: String
    /// The latest record's JSON bytes, stored as handed to ``StateStore/commit(_:)``; this module does not read them.
    public var record: [UInt8]
    /// How many paragraphs the latest record has.
    public var paragraphCount: Int
    /// The story this one was merged into, if it was.
    public var mergedInto: String?

    /// Creates a stored story.
    public init(
        id: String, revision: Int, recordFileName: String, record: [UInt8], paragraphCount: Int,
        mergedInto: String? = nil
    ) {
        self.id = id
        self.revision = revision
        self.recordFileName = recordFileName
        self.record = record
        self.paragraphCount = paragraphCount
        self.mergedInto = mergedInto
    }
}

/// Everything one accepted article changes in the state database, committed as one transaction between staging the
/// record in the spool and publishing it (step 3 of "Exactly-once delivery to the spool" in docs/architecture.md).
public struct IngestCommit: Sendable, Equatable {
    /// The source the item came from.
    public var source: String
    /// The feed item's identity within the source; marked seen.
    public var itemKey: String
    /// The story the article became or joined.
    public var storyID: String
    /// The story's new revision: 1 for a new story, otherwise above the stored revision.
    public var revision: Int
    /// The record's JSON bytes.
    public var record: [UInt8]
    /// The record's spool file name. It is also recorded as pending until ``StateStore/clearPending(_:)``.
    public var recordFileName: String
    /// How many paragraphs the record has.
    public var paragraphCount: Int
    /// Stories folded into this one: their paragraphs move to it, and they are marked merged.
    public var mergedStoryIDs: [String]
    /// The copy's dedupe sketch (sampled shingle hashes in reading order) and word count, stored as one index
    /// document of the story; `nil` stores none.
    public var dedupeDocument: DedupeDocument?
    /// When the commit happens.
    public var at: Date

    /// Creates a commit.
    public init(
        source: String,
        itemKey: String,
        storyID: String,
        revision: Int,
        record: [UInt8],
        recordFileName: String,
        paragraphCount: Int,
        mergedStoryIDs: [String] = [],
        dedupeDocument: DedupeDocument? = nil,
        at: Date
    ) {
        self.source = source
        self.itemKey = itemKey
        self.storyID = storyID
        self.revision = revision
        self.record = record
        self.recordFileName = recordFileName
        self.paragraphCount = paragraphCount
        self.mergedStoryIDs = mergedStoryIDs
        self.dedupeDocument = dedupeDocument
        self.at = at
    }
}

/// How one poll of a source went.
public struct PollOutcome: Sendable, Equatable {
    /// When the poll finished.
    public var at: Date
    /// Whether the source could be read.
    public var succeeded: Bool
    /// What went wrong, for a failed poll.
    public var error: String?
    /// How many new items the poll produced.
    public var newItems: Int

    /// Creates an outcome.
    public init(at: Date, succeeded: Bool, error: String?, newItems: Int) {
        self.at = at
        self.succeeded = succeeded
        self.error = error
        self.newItems = newItems
    }
}

/// A source's polling record, as `newsd status` shows it.
public struct SourceHealth: Sendable, Equatable {
    /// The source id.
    public var source: String
    /// When the source was last polled.
    public var lastPoll: Date?
    /// When a poll last succeeded.
    public var lastSuccess: Date?
    /// The most recent failure's message; kept after later successes, for reference.
    public var lastError: String?
    /// When the most recent failure happened.
    public var lastErrorAt: Date?
    /// Failed polls since the last success.
    public var consecutiveFailures: Int
    /// New items over all polls.
    public var itemsTotal: Int
    /// When the next poll is due, if scheduled.
    public var nextPoll: Date?

    /// Creates a health record.
    public init(
        source: String, lastPoll: Date?, lastSuccess: Date?, lastError: String?, lastErrorAt: Date?,
        consecutiveFailures: Int, itemsTotal: Int, nextPoll: Date?
    ) {
        self.source = source
        self.lastPoll = lastPoll
        self.lastSuccess = lastSuccess
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.consecutiveFailures = consecutiveFailures
        self.itemsTotal = itemsTotal
        self.nextPoll = nextPoll
    }
}

/// What the poll scheduler remembers about one source, so its learned pace and its next poll survive a restart.
public struct SourceSchedule: Sendable, Equatable {
    /// The source id.
    public var source: String
    /// The time between polls learned from how often the source publishes, before jitter and server hints.
    public var learnedInterval: Duration
    /// The newest publication date among the source's items so far; new items' gaps are measured from it.
    public var newestItemAt: Date?
    /// When the source was last polled (the end of the pass).
    public var lastPollAt: Date?
    /// When the source is polled next.
    public var nextPollAt: Date

    /// Creates a schedule entry.
    public init(source: String, learnedInterval: Duration, newestItemAt: Date? = nil, lastPollAt: Date? = nil,
                nextPollAt: Date)
    {
        self.source = source
        self.learnedInterval = learnedInterval
        self.newestItemAt = newestItemAt
        self.lastPollAt = lastPollAt
        self.nextPollAt = nextPollAt
    }
}

/// One feed's fetch state: where it lives now, whether it is gone, when it may be tried again, and how it fails.
///
/// Keyed by the source and the feed URL as configured. The daemon updates it after every attempt; `newsd status`
/// shows it, so a failing, moved or gone feed is reported rather than silently dropped.
public struct FeedState: Sendable, Equatable {
    /// The source the feed belongs to.
    public var source: String
    /// The feed URL as configured.
    public var url: String
    /// Where the feed lives since it answered a permanent redirect (301 or 308); `nil` while it has not moved.
    public var currentURL: String?
    /// When the feed answered 410 Gone; it is not polled again until its source's configuration changes.
    public var goneAt: Date?
    /// A fingerprint of the source's configuration when the feed was found gone.
    public var goneConfiguration: String?
    /// The earliest time the feed may be fetched again (backoff or `Retry-After`); `nil` means at the next poll.
    public var nextAttemptAt: Date?
    /// Failed attempts since the last success.
    public var consecutiveFailures: Int
    /// The last failure's message; kept after a success, for reference.
    public var lastError: String?
    /// When the last failure happened.
    public var lastErrorAt: Date?
    /// When the feed was last fetched successfully (a 304 counts).
    public var lastSuccessAt: Date?

    /// Creates the state of a feed never tried: nothing known yet.
    public init(source: String, url: String, currentURL: String? = nil, goneAt: Date? = nil,
                goneConfiguration: String? = nil, nextAttemptAt: Date? = nil, consecutiveFailures: Int = 0,
                lastError: String? = nil, lastErrorAt: Date? = nil, lastSuccessAt: Date? = nil)
    {
        self.source = source
        self.url = url
        self.currentURL = currentURL
        self.goneAt = goneAt
        self.goneConfiguration = goneConfiguration
        self.nextAttemptAt = nextAttemptAt
        self.consecutiveFailures = consecutiveFailures
        self.lastError = lastError
        self.lastErrorAt = lastErrorAt
        self.lastSuccessAt = lastSuccessAt
    }
}

/// One document of the dedupe index as the state database keeps it.
public struct DedupeDocument: Sendable, Equatable {
    /// The story the document belongs to now (after any merges).
    public var storyID: String
    /// When it was committed.
    public var at: Date
    /// Words in the copy's text.
    public var wordCount: Int
    /// Sampled shingle keys, in reading order.
    public var samples: [UInt32]

    public init(storyID: String, at: Date, wordCount: Int, samples: [UInt32]) {
        self.storyID = storyID
        self.at = at
        self.wordCount = wordCount
        self.samples = samples
    }
}

/// An item taken in without a story (no article text, or a copy its story already has): only marked seen.
public struct SeenItem: Sendable, Equatable {
    public var source: String
    public var itemKey: String
    /// When it was seen.
    public var at: Date

    public init(source: String, itemKey: String, at: Date) {
        self.source = source
        self.itemKey = itemKey
        self.at = at
    }
}
