import Dispatch
public import Foundation
public import Logging
public import NewsdDedupe
public import NewsdSpool
public import NewsdState
import Synchronization

/// What the desk did with an article.
public enum DeskOutcome: Sendable, Equatable {
    /// A new story; its first record was spooled as `fileName`.
    case newStory(storyID: String, fileName: String)
    /// A copy joined a story (folding in `merged` stories when it bridged them); the story's next revision was
    /// spooled as `fileName`.
    case joined(storyID: String, revision: Int, fileName: String, merged: [String] = [])
    /// The item is recorded as seen but there was nothing to spool (no text, or the same URL is already a copy).
    case nothingToWrite(reason: String)
}

/// A problem at the desk: the state database or the spool failed. The item stays unseen and is retried.
public struct DeskError: Error, CustomStringConvertible {
    public var itemURL: String?
    public var underlying: any Error

    public var description: String {
        (itemURL.map { "\($0): " } ?? "") + "\(underlying)"
    }
}

/// The one place where articles become stories: dedupe, the story record, the spool and the state database.
///
/// Everything here runs on one serial queue, so decisions see every earlier commit, and the state store and the
/// in-memory paragraph index are bound to that queue (``QueueBound``). Each article goes through the exactly-once
/// sequence of `docs/architecture.md`: stage the file in `tmp/`, commit state with the file pending, publish into
/// `new/`, clear the pending mark.
public final class StoryDesk: Sendable {
    /// The desk's serial queue; a watchdog sends liveness probes here (never wait on it synchronously).
    let queue: DispatchQueue
    private let state: QueueBound<StateStore>
    private let index: QueueBound<StoryIndex>
    private let spool: SpoolWriter
    private let matcher = StoryMatcher()
    private let window: Duration
    private let priorities: QueueBound<[String: Int]>
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let snapshotPath: String
    private let snapshotInterval: Int
    /// Commits since the index snapshot was last written, and whether the in-memory index may be snapshotted at
    /// all (not after a commit whose outcome is unknown: the index might then lack a document the table holds).
    private let snapshotState: QueueBound<(commitsSince: Int, trusted: Bool)>
    /// What the desk committed: written on the desk's queue, read by metrics scrapes on theirs.
    private let counts = Mutex(DeskTally())
    /// Articles waiting for the desk's next turn.
    let intake = DeskIntake()
    /// Names published since the last commit, still marked pending: the next batch's transaction clears them.
    private let publishedUncleared: QueueBound<[String]>
    /// Whether the index learned documents of a batch that failed, and must be rebuilt from the table first.
    private let indexStale: QueueBound<Bool>
    /// When the share of expired documents in the index was last looked at (``compactIndexIfMostlyExpired(now:)``).
    private let lastCompactionCheck: QueueBound<Date?>

    /// How often the desk looks at how much of its index has expired: counting is linear in the index's size.
    public static let compactionCheckInterval: TimeInterval = 3600

    /// Commits between two writes of the index snapshot while running (one is also written at shutdown,
    /// ``saveIndexSnapshot()``). At a million documents a write is about 1.2 GB on the desk's queue (seconds with
    /// the fsync), so this spreads that over many articles while bounding the rows replayed after a crash.
    public static let defaultSnapshotInterval = 20_000

    /// The index snapshot's file in a state directory (beside `newsd.sqlite3`).
    public static func snapshotPath(stateDirectory: String) -> String {
        (stateDirectory.hasSuffix("/") ? stateDirectory : stateDirectory + "/") + "dedupe-index.bin"
    }

    /// Opens the desk: finishes what a crash interrupted (pending spool files), drops index documents older than
    /// `window`, then loads the dedupe index: from its snapshot (`dedupe-index.bin` in the state directory) plus
    /// the rows committed after it, or else from the state database alone — the documents were committed with
    /// their stories, so the index agrees with the stories whatever point a crash interrupted. `priorities` maps
    /// source ids to their `dedupe_priority`: whose text a merged story carries. `snapshotInterval` is how many
    /// commits pass between snapshot writes.
    public init(state: StateStore, spool: SpoolWriter, policy: DedupePolicy = DedupePolicy(),
                window: Duration = DedupeWindow.default, priorities: [String: Int] = [:],
                snapshotInterval: Int = StoryDesk.defaultSnapshotInterval,
                clock: @escaping @Sendable () -> Date = Date.init, logger: Logger) throws
    {
        let queue = DispatchQueue(label: "newsd.story-desk")
        self.queue = queue
        self.priorities = QueueBound(priorities, queue: queue)
        self.spool = spool
        self.window = window
        self.clock = clock
        self.logger = logger

        try Self.finishPending(state: state, spool: spool, logger: logger)
        let horizon = Self.horizon(at: clock(), window: window)
        try state.expireDedupeDocuments(before: horizon)
        let directory = String(state.databasePath.dropLast("newsd.sqlite3".count))
        snapshotPath = Self.snapshotPath(stateDirectory: directory.isEmpty ? "." : directory)
        self.snapshotInterval = max(1, snapshotInterval)
        let index = try Self.loadIndex(from: state, since: horizon, policy: policy, snapshotPath: snapshotPath,
                                       logger: logger)
        self.state = QueueBound(state, queue: queue)
        self.index = QueueBound(index, queue: queue)
        snapshotState = QueueBound((0, true), queue: queue)
        publishedUncleared = QueueBound([], queue: queue)
        indexStale = QueueBound(false, queue: queue)
        lastCompactionCheck = QueueBound(nil, queue: queue)
    }

    /// Replaces the sources' `dedupe_priority` values (a reloaded configuration); later merges use them.
    public func setPriorities(_ priorities: [String: Int]) {
        queue.async { self.priorities.value = priorities }
    }

    /// The dedupe index for documents committed at or after `since`. With a `snapshotPath`, the snapshot there
    /// is loaded, stories merged since it was written are folded, and only the rows committed after it are
    /// inserted; a missing, damaged or foreign snapshot, one that claims rows the table does not have, or one
    /// mostly made of expired documents is logged and the index is rebuilt from the table instead. The result
    /// is the same index either way: the table is the source of truth, the snapshot only saves time.
    public static func loadIndex(from state: StateStore, since: Date, policy: DedupePolicy = DedupePolicy(),
                                 snapshotPath: String? = nil, logger: Logger? = nil)
        throws(StateError) -> StoryIndex
    {
        if let snapshotPath,
           var index = try snapshotIndex(from: state, since: since, policy: policy, path: snapshotPath, logger: logger)
        {
            index.expire(before: since.timeIntervalSince1970)
            return index
        }
        return try rebuiltIndex(from: state, since: since, policy: policy)
    }

    /// The snapshot brought up to date with the table, or `nil` (logged) when the table must be read instead.
    private static func snapshotIndex(from state: StateStore, since: Date, policy: DedupePolicy, path: String,
                                      logger: Logger?) throws(StateError) -> StoryIndex?
    {
        let loaded: (index: StoryIndex, seq: Int64)
        do {
            loaded = try StoryIndex.loadSnapshot(from: path, policy: policy)
        } catch {
            if error.kind == .missing {
                logger?.info("no dedupe index snapshot yet; loading the index from the state database")
            } else {
                logger?.warning("\(error)")
            }
            return nil
        }
        var index = loaded.index
        let latest = try state.latestDedupeSeq()
        guard loaded.seq <= latest else {
            logger?.warning("""
                the dedupe index snapshot covers rows the state database does not have (another or a restored \
                database?); rebuilding the index from the database
                """, metadata: ["file": "\(path)"])
            return nil
        }
        let expired = index.documentCount(before: since.timeIntervalSince1970)
        if expired * 4 > index.documentCount {
            logger?.info("the dedupe index snapshot is mostly expired documents; rebuilding it from the database",
                         metadata: ["file": "\(path)", "expired": "\(expired)"])
            return nil
        }
        // Merges first, so the rows replayed below (already under the surviving story) count stories as the
        // running index did.
        for (merged, survivor) in try state.mergedStories() where index.knows(merged) {
            index.merge(merged, into: survivor)
        }
        try state.forEachDedupeDocument(since: since, afterSeq: loaded.seq) { document in
            index.insert(DocumentSketch(samples: document.samples, wordCount: document.wordCount), storyID: document.storyID,
                         time: document.at.timeIntervalSince1970)
        }
        return index
    }

    /// The dedupe index as the state database holds it: every document committed at or after `since`, in commit
    /// order, under the story it belongs to now.
    private static func rebuiltIndex(from state: StateStore, since: Date, policy: DedupePolicy)
        throws(StateError) -> StoryIndex
    {
        let count = try state.dedupeDocumentCount(since: since)
        return try StoryIndex.rebuilt(policy: policy, expectedDocuments: count) { (add) throws(StateError) in
            try state.forEachDedupeDocument(since: since) { document in
                add(DocumentSketch(samples: document.samples, wordCount: document.wordCount), document.storyID,
                    document.at.timeIntervalSince1970)
            }
        }
    }

    /// Publishes records that were committed but not published — after a crash, or when a publish failed — and
    /// removes files a crash left staged but uncommitted. Safe at any time on the desk's queue: the directory lock
    /// makes this process the spool's only writer, and nothing is staged outside `accept`.
    private static func finishPending(state: StateStore, spool: SpoolWriter, logger: Logger) throws {
        let pending = try state.pendingSpoolFiles()
        let recovery = try spool.recover(pending: pending)
        try state.clearPending(pending.sorted())
        if !recovery.republished.isEmpty || !recovery.discarded.isEmpty {
            logger.notice("finished interrupted spool writes", metadata: [
                "published": "\(recovery.republished.count)", "confirmed": "\(recovery.confirmed.count)",
                "discarded": "\(recovery.discarded.count)",
            ])
        }
    }

    /// Writes the dedupe index snapshot now (the daemon calls it at shutdown), tagged with the newest committed
    /// row; a failure is logged, never fatal: the next start then replays more rows or rebuilds from the table.
    public func saveIndexSnapshot() {
        queue.sync { writeSnapshotOnQueue() }
    }

    private func writeSnapshotOnQueue() {
        snapshotState.value.commitsSince = 0
        guard snapshotState.value.trusted else {
            logger.notice("""
                not writing the dedupe index snapshot: a commit failed with an unknown outcome; the next start \
                replays the state database's rows since the last snapshot
                """)
            return
        }
        do {
            let seq = try state.value.latestDedupeSeq()
            try index.value.writeSnapshot(to: snapshotPath, covering: seq)
        } catch {
            logger.warning("""
                could not write the dedupe index snapshot; the next start reads more of the state database: \(error)
                """)
        }
    }

    /// Retries publishing committed records whose publish failed earlier (the daemon calls it after every pass).
    public func publishPending() {
        queue.sync {
            do {
                try Self.finishPending(state: state.value, spool: spool, logger: logger)
                publishedUncleared.value = []
            } catch {
                logger.error("committed records are still waiting in the spool's tmp/: \(error)")
            }
        }
    }

    /// Of `keys`, those the source has not seen yet, in their order.
    public func unseenItemKeys(source: String, among keys: [String]) throws -> [String] {
        try queue.sync { try state.value.unseenItemKeys(source: source, among: keys) }
    }

    /// The ETag and Last-Modified saved for a feed, sent back on the next poll.
    public func validators(for url: String) throws -> FeedValidators? {
        try queue.sync { try state.value.validators(for: url) }
    }

    public func saveValidators(_ validators: FeedValidators, for url: String) throws {
        try queue.sync { try state.value.saveValidators(validators, for: url) }
    }

    /// The source's site template as last saved (encoded by the extractor), or `nil` before its first page.
    public func siteTemplate(source: String) throws -> [UInt8]? {
        try queue.sync { try state.value.siteTemplate(source: source) }
    }

    /// Saves the source's site template after a page taught it something.
    public func saveSiteTemplate(_ template: [UInt8], source: String) throws {
        try queue.sync { try state.value.saveSiteTemplate(template, source: source, at: clock()) }
    }

    /// A feed's fetch state, `nil` when it was never tried.
    public func feedState(source: String, url: String) throws -> FeedState? {
        try queue.sync { try state.value.feedState(source: source, url: url) }
    }

    /// Saves a feed's fetch state.
    public func saveFeedState(_ feed: FeedState) throws {
        try queue.sync { try state.value.saveFeedState(feed) }
    }

    /// Counts a failed attempt at an item; after `limit` failed attempts the item is marked seen, so a link that
    /// never works stops being fetched on every poll. Returns the attempts so far and whether newsd gave up.
    public func itemFailed(source: String, itemKey: String, error: String, limit: Int) throws
        -> (attempts: Int, gaveUp: Bool)
    {
        try queue.sync {
            let now = clock()
            let attempts = try state.value.recordItemFailure(source: source, itemKey: itemKey, error: error, at: now)
            guard attempts >= limit else { return (attempts, false) }
            try state.value.markSeen(source: source, itemKey: itemKey, at: now)
            return (attempts, true)
        }
    }

    /// What the desk has done since it opened, for metrics; read without waiting for the desk's queue.
    public var tally: DeskTally {
        counts.withLock { $0 }
    }

    /// Every polled source's health as recorded by ``recordPoll(_:at:nextPoll:)``, sorted by source id.
    public func sourceHealth() throws -> [SourceHealth] {
        try queue.sync { try state.value.sourceHealth() }
    }

    /// Every source's saved poll schedule: where the scheduler picks up after a restart.
    public func sourceSchedules() throws -> [SourceSchedule] {
        try queue.sync { try state.value.sourceSchedules() }
    }

    /// Saves a source's poll schedule after a pass; a failure is logged, and the schedule is relearned.
    public func saveSourceSchedule(_ schedule: SourceSchedule) {
        queue.sync {
            do {
                try state.value.saveSourceSchedule(schedule)
            } catch {
                logger.warning("could not save the source's poll schedule: \(error)",
                               metadata: ["source": "\(schedule.source)"])
            }
        }
    }

    /// Records a pass's outcome for `newsd status`.
    public func recordPoll(_ report: SourcePassReport, at time: Date, nextPoll: Date?) {
        queue.sync {
            let outcome = PollOutcome(at: time, succeeded: report.succeeded, error: report.problems.first,
                                      newItems: report.recordsWritten)
            do {
                try state.value.recordPoll(source: report.sourceID, outcome: outcome, nextPoll: nextPoll)
            } catch {
                logger.warning("could not record the poll in the state database: \(error)",
                               metadata: ["source": "\(report.sourceID)"])
            }
        }
    }

    /// Turns an article into a story record in the spool, exactly once.
    ///
    /// Articles that arrive while the desk is busy are taken together on its next turn (group commit): each is
    /// decided in arrival order (a later one sees the earlier ones) and staged, then one state transaction commits
    /// them all, one flush publishes them all, and each caller gets its own outcome. When the batch's flush or
    /// commit fails, every article in it fails with that error and stays unseen, retried on a later pass.
    public func accept(_ incoming: IncomingArticle) throws(DeskError) -> DeskOutcome {
        let ticket = DeskTicket(incoming)
        intake.add(ticket)
        queue.sync { acceptWaiting() }
        switch ticket.result {
        case .success(let outcome)?:
            return outcome
        case .failure(let error)?:
            throw DeskError(itemURL: incoming.url, underlying: error)
        case nil:
            preconditionFailure("a desk turn takes every ticket added before it")
        }
    }

    /// One turn on the desk's queue: decides, stages, commits and publishes every ticket waiting.
    private func acceptWaiting() {
        let tickets = intake.takeAll()
        guard !tickets.isEmpty else { return }
        let now = clock()
        do {
            try rebuildIndexIfStale(now: now)
        } catch {
            for ticket in tickets { ticket.result = .failure(error) }
            return
        }
        index.value.expire(before: Self.horizon(at: now, window: window).timeIntervalSince1970)
        compactIndexIfMostlyExpired(now: now)
        var batch = DeskBatch()
        for ticket in tickets {
            do {
                try prepare(ticket, now: now, into: &batch)
            } catch {
                ticket.result = .failure(error)
            }
        }
        guard !batch.isEmpty else { return }
        do {
            try spool.flushStaged(batch.stagedNames)
            try state.value.commit(batch.commits, seen: batch.seen, clearingPending: publishedUncleared.value)
        } catch {
            // Staged files stay unless the flush removed them: a COMMIT that failed with an I/O error may still
            // have committed, and then the files are owed; the next turn (or publishPending() after the pass)
            // sorts them out. The index holds the batch's documents, committed or not, so it is rebuilt from the
            // table before the next decision and no longer snapshotted in this process.
            snapshotState.value.trusted = false
            indexStale.value = true
            for entry in batch.decided { entry.ticket.result = .failure(error) }
            return
        }
        publishedUncleared.value = []
        for entry in batch.decided {
            counts.withLock { $0.add(entry.tally) }
            entry.ticket.result = .success(entry.outcome)
        }
        snapshotState.value.commitsSince += batch.commits.count
        if snapshotState.value.commitsSince >= snapshotInterval { writeSnapshotOnQueue() }
        let publication = spool.publish(batch.stagedNames)
        // Published names are cleared from the pending set with the next batch's commit, or by publishPending():
        // a crash before that only makes start-up confirm them.
        publishedUncleared.value = publication.published
        for failure in publication.failures {
            // Committed: the record is owed and stays pending; publishPending() retries it after the pass.
            logger.error("record committed but not yet in new/; it is retried after this pass: \(failure.error)",
                         metadata: ["file": "\(failure.name)"])
        }
    }

    /// Decides one article against the index (and the batch so far), stages its record and adds its state change
    /// to the batch; the index learns it at once, so the next article in the batch sees it.
    private func prepare(_ ticket: DeskTicket, now: Date, into batch: inout DeskBatch) throws {
        let incoming = ticket.incoming
        let sketch = ticket.sketch
        let matches = index.value.matches(for: sketch)
        let decision = matcher.decide(matches)

        let record: StoryRecord
        var mergedIDs: [String] = []
        let relatedCount: Int
        switch decision {
        case .newStory(let related):
            relatedCount = related.count
            guard !incoming.article.paragraphs.isEmpty else {
                batch.seen.append(SeenItem(source: incoming.sourceID, itemKey: incoming.itemKey, at: now))
                batch.decided.append((ticket, .nothingToWrite(reason: "the page has no article text"), DeskTally()))
                return
            }
            let storyID = StoryRevision.storyID(source: incoming.sourceID, itemKey: incoming.itemKey)
            record = StoryRevision.first(incoming, storyID: storyID, related: related, now: now)
        case .join(let storyID, let merging, let related):
            relatedCount = related.count
            let (previous, previousFile) = try latestRecord(of: storyID, in: batch)
            if previous.copies.contains(where: { $0.url == incoming.canonicalURL }), merging.isEmpty {
                batch.seen.append(SeenItem(source: incoming.sourceID, itemKey: incoming.itemKey, at: now))
                let reason = "\(incoming.canonicalURL) is already a copy of story \(storyID)"
                batch.decided.append((ticket, .nothingToWrite(reason: reason), DeskTally()))
                return
            }
            let merged = try merging.map { id in try latestRecord(of: id, in: batch) }
            mergedIDs = merging
            record = StoryRevision.joining(
                previous, previousFileName: previousFile, incoming: incoming,
                match: matches.first { $0.storyID == storyID }, merged: merged.map { ($0.0, $0.1) },
                related: related, priorities: priorities.value, now: now
            )
        }
        let bytes = record.encoded()
        let name = SpoolWriter.fileName(for: record)
        try spool.stage(bytes, as: name)
        batch.stagedNames.append(name)
        matcher.record(sketch, decision: decision, newStoryID: record.storyID, time: now.timeIntervalSince1970,
                       in: &index.value)
        batch.latest[record.storyID] = (record, name)
        batch.commits.append(IngestCommit(
            source: incoming.sourceID, itemKey: incoming.itemKey, storyID: record.storyID,
            revision: record.revision, record: bytes, recordFileName: name,
            paragraphCount: record.paragraphs.count,
            mergedStoryIDs: mergedIDs,
            dedupeDocument: DedupeDocument(storyID: record.storyID, at: now, wordCount: sketch.wordCount,
                                           samples: sketch.samples),
            at: now
        ))
        let outcome: DeskOutcome = record.revision == 1
            ? .newStory(storyID: record.storyID, fileName: name)
            : .joined(storyID: record.storyID, revision: record.revision, fileName: name, merged: mergedIDs)
        batch.decided.append((ticket, outcome, DeskTally(
            recordsWritten: 1, storiesCreated: record.revision == 1 ? 1 : 0,
            copiesJoined: record.revision == 1 ? 0 : 1, storiesMerged: mergedIDs.count, relatedLinks: relatedCount
        )))
    }

    /// After a batch failed: settles its staged files by the database's word (published if their commit did
    /// happen, removed if not, as after a pass), and replaces the index, which learned the batch's documents, with
    /// the table's.
    private func rebuildIndexIfStale(now: Date) throws {
        guard indexStale.value else { return }
        try Self.finishPending(state: state.value, spool: spool, logger: logger)
        publishedUncleared.value = []
        let horizon = Self.horizon(at: now, window: window)
        index.value = try Self.rebuiltIndex(from: state.value, since: horizon, policy: index.value.policy)
        indexStale.value = false
    }

    /// Frees what the dedupe window left behind. Expired documents are skipped by matching at once but stay in the
    /// in-memory index (and the table) until it is rebuilt; at most once an hour the desk counts them and, once they
    /// are a quarter of the index, deletes them from the table and rebuilds the index from what is left. A daemon
    /// that runs for months so holds about one `dedupe_window` of stories, not every story it ever saw. Runs between
    /// batches, when every decided document is committed; a failure leaves the old index, which is still right.
    private func compactIndexIfMostlyExpired(now: Date) {
        if let last = lastCompactionCheck.value, now.timeIntervalSince(last) < Self.compactionCheckInterval,
           now >= last
        {
            return
        }
        lastCompactionCheck.value = now
        let horizon = Self.horizon(at: now, window: window)
        let total = index.value.documentCount
        let expired = index.value.documentCount(before: horizon.timeIntervalSince1970)
        guard expired > 0, expired * 4 >= total else { return }
        do {
            try state.value.expireDedupeDocuments(before: horizon)
            index.value = try Self.rebuiltIndex(from: state.value, since: horizon, policy: index.value.policy)
            logger.info("dedupe index compacted: documents older than dedupe_window dropped", metadata: [
                "dropped": "\(expired)", "kept": "\(index.value.documentCount)",
            ])
        } catch {
            logger.warning("""
                could not compact the dedupe index; it keeps its expired documents until a restart: \(error)
                """)
        }
    }

    /// Documents in the dedupe index now, expired ones not yet compacted away included.
    public var indexedDocuments: Int {
        queue.sync { index.value.documentCount }
    }

    /// The oldest time a document may have and still be matched at `now`: `window` (`dedupe_window`) before it.
    private static func horizon(at now: Date, window: Duration) -> Date {
        now.addingTimeInterval(-(window / .seconds(1)))
    }

    /// A story's latest record and its spool file name: decided earlier in this batch, or from the state database.
    private func latestRecord(of storyID: String, in batch: DeskBatch) throws -> (StoryRecord, String) {
        if let decided = batch.latest[storyID] {
            return (decided.record, decided.fileName)
        }
        return try latestRecord(of: storyID)
    }

    /// A story's latest record and its spool file name, from the state database.
    private func latestRecord(of storyID: String) throws -> (StoryRecord, String) {
        guard let stored = try state.value.story(id: storyID) else {
            throw StateError(operation: "read story", path: state.value.databasePath, kind: .missingStory(storyID))
        }
        return (try StoryRecord.decode(from: stored.record), stored.recordFileName)
    }
}

/// Counts of what the desk committed since it opened.
public struct DeskTally: Sendable, Equatable {
    /// Story records committed for the spool (each delivered to `new/` at once, or by recovery after a failure).
    public var recordsWritten = 0
    /// Records that started a story, and copies that joined one.
    public var storiesCreated = 0
    public var copiesJoined = 0
    /// Stories folded into another because a copy bridged them.
    public var storiesMerged = 0
    /// Related-story links made: stories an article shared a passage with without being the same story.
    public var relatedLinks = 0

    public init(recordsWritten: Int = 0, storiesCreated: Int = 0, copiesJoined: Int = 0, storiesMerged: Int = 0,
                relatedLinks: Int = 0)
    {
        self.recordsWritten = recordsWritten
        self.storiesCreated = storiesCreated
        self.copiesJoined = copiesJoined
        self.storiesMerged = storiesMerged
        self.relatedLinks = relatedLinks
    }

    /// Adds `more`'s counts to these.
    mutating func add(_ more: DeskTally) {
        recordsWritten += more.recordsWritten
        storiesCreated += more.storiesCreated
        copiesJoined += more.copiesJoined
        storiesMerged += more.storiesMerged
        relatedLinks += more.relatedLinks
    }
}
