public import Foundation
import Glibc

/// newsd's durable memory: which feed items were seen, feed validators, the dedupe index's documents, each story's
/// latest record, the spool file names still pending publication, and each source's polling health.
///
/// Everything lives in one SQLite database, `newsd.sqlite3` in the state directory, in WAL mode with
/// `synchronous = FULL`: once ``commit(_:)`` returns, the commit survives a crash or power loss. Bookkeeping that
/// may be redone (validators, feed state, poll health, schedules, site templates, failure counts) is written with
/// `synchronous = NORMAL`, made durable by the next commit's flush.
///
/// Concurrency: the store is `Sendable` because every method holds an internal lock for the whole of its database
/// work, so calls from different threads are serialised and never interleave inside a transaction. The daemon calls
/// it from its one story-desk queue anyway; the lock makes that confinement a guarantee rather than a convention.
public final class StateStore: @unchecked Sendable {
    /// The database file, `<directory>/newsd.sqlite3`.
    public let databasePath: String

    /// The database file newsd keeps in a state directory.
    public static func databasePath(in directory: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + "newsd.sqlite3"
    }
    private let lock = NSLock()
    /// The connection; internal so tests can read its settings.
    let database: SQLiteDatabase

    /// Opens the state database in `directory`, creating the directory (mode 0755) and the database when missing,
    /// and migrating an older schema.
    ///
    /// - Throws: ``StateError`` naming the directory or database file; a file that is not a newsd database is
    ///   reported here.
    public init(directory: String) throws(StateError) {
        try Self.makeDirectories(directory)
        let path = Self.databasePath(in: directory)
        databasePath = path
        database = try SQLiteDatabase(path: path)
        try StateSchema.migrate(database)
    }

    // MARK: - Seen items

    /// Of `keys`, those the source has not seen yet, in their input order.
    public func unseenItemKeys(source: String, among keys: [String]) throws(StateError) -> [String] {
        guard !keys.isEmpty else { return [] }
        return try locked { database throws(StateError) in
            try database.query(
                """
                SELECT item.value FROM json_each(?2) AS item
                WHERE NOT EXISTS (SELECT 1 FROM seen_items WHERE source = ?1 AND item_key = item.value)
                ORDER BY item.key
                """,
                [.text(source), .text(Self.jsonArray(keys))]
            ).compactMap { $0.string(0) }
        }
    }

    /// How many items were taken in (marked seen, with or without a story) at or after `since`, for the daemon's
    /// "items today" status. A scan of the seen items: call it at start, not per pass.
    public func itemsSeen(since: Date) throws(StateError) -> Int {
        try itemsSeenBySource(since: since).values.reduce(0, +)
    }

    /// ``itemsSeen(since:)`` per source, for `newsd status`'s items-today column. Sources without any are left out.
    public func itemsSeenBySource(since: Date) throws(StateError) -> [String: Int] {
        try locked { database throws(StateError) in
            var counts: [String: Int] = [:]
            for row in try database.query("SELECT source, count(*) FROM seen_items WHERE seen_at >= ? GROUP BY source",
                                          [.real(since.timeIntervalSince1970)]) {
                counts[row.string(0) ?? ""] = row.int(1) ?? 0
            }
            return counts
        }
    }

    /// Marks an item seen without a story, for items that produced nothing to write (no article text, a copy the
    /// story already has). An item already seen keeps its first record.
    public func markSeen(source: String, itemKey: String, at date: Date) throws(StateError) {
        try locked { database throws(StateError) in
            try Self.insertSeen(SeenItem(source: source, itemKey: itemKey, at: date), in: database)
        }
    }

    private static func insertSeen(_ item: SeenItem, in database: SQLiteDatabase) throws(StateError) {
        try database.run(
            "INSERT INTO seen_items (source, item_key, story_id, seen_at) VALUES (?, ?, NULL, ?) "
                + "ON CONFLICT (source, item_key) DO NOTHING",
            [.text(item.source), .text(item.itemKey), .real(item.at.timeIntervalSince1970)]
        )
    }

    /// Counts a failed attempt at an item (its page could not be fetched or gave no article) and returns how many
    /// attempts have failed so far, this one included. The daemon gives up on an item after a few, so that one
    /// broken link is not fetched again on every poll for ever.
    public func recordItemFailure(source: String, itemKey: String, error: String, at date: Date)
        throws(StateError) -> Int
    {
        try lockedBookkeeping { database throws(StateError) in
            try database.query(
                """
                INSERT INTO item_failures (source, item_key, attempts, last_error, last_attempt_at)
                VALUES (?1, ?2, 1, ?3, ?4)
                ON CONFLICT (source, item_key) DO UPDATE
                    SET attempts = attempts + 1, last_error = ?3, last_attempt_at = ?4
                RETURNING attempts
                """,
                [.text(source), .text(itemKey), .text(error), .real(date.timeIntervalSince1970)]
            ).first?.int(0) ?? 1
        }
    }

    // MARK: - Feed validators

    /// The validators saved for a feed URL, if any.
    public func validators(for url: String) throws(StateError) -> FeedValidators? {
        try locked { database throws(StateError) in
            try database.query("SELECT etag, last_modified FROM feed_validators WHERE url = ?", [.text(url)])
                .first.map { FeedValidators(etag: $0.string(0), lastModified: $0.string(1)) }
        }
    }

    /// Saves a feed URL's validators; saving two absent values forgets the URL's validators.
    public func saveValidators(_ validators: FeedValidators, for url: String) throws(StateError) {
        try lockedBookkeeping { database throws(StateError) in
            if validators.etag == nil, validators.lastModified == nil {
                try database.run("DELETE FROM feed_validators WHERE url = ?", [.text(url)])
                return
            }
            try database.run(
                """
                INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (url) DO UPDATE SET
                    etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at
                """,
                [.text(url), .text(validators.etag), .text(validators.lastModified),
                 .real(Date().timeIntervalSince1970)]
            )
        }
    }

    // MARK: - Feed state

    /// A feed's fetch state, or `nil` when the feed was never tried.
    public func feedState(source: String, url: String) throws(StateError) -> FeedState? {
        try locked { database throws(StateError) in
            try database.query("SELECT \(Self.feedStateColumns) FROM feed_state WHERE source = ? AND url = ?",
                               [.text(source), .text(url)]).first.map(Self.feedState(from:))
        }
    }

    /// Every feed's fetch state, by source and URL.
    public func feedStates() throws(StateError) -> [FeedState] {
        try locked { database throws(StateError) in
            try database.query("SELECT \(Self.feedStateColumns) FROM feed_state ORDER BY source, url")
                .map(Self.feedState(from:))
        }
    }

    /// Saves a feed's fetch state, replacing what was stored.
    public func saveFeedState(_ state: FeedState) throws(StateError) {
        func date(_ value: Date?) -> SQLiteValue { .real(value?.timeIntervalSince1970) }
        try lockedBookkeeping { database throws(StateError) in
            try database.run(
                """
                INSERT OR REPLACE INTO feed_state (\(Self.feedStateColumns))
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """,
                [.text(state.source), .text(state.url), .text(state.currentURL), date(state.goneAt),
                 .text(state.goneConfiguration), date(state.nextAttemptAt),
                 .integer(Int64(state.consecutiveFailures)), .text(state.lastError), date(state.lastErrorAt),
                 date(state.lastSuccessAt)]
            )
        }
    }

    private static let feedStateColumns = "source, url, current_url, gone_at, gone_configuration, next_attempt_at, "
        + "consecutive_failures, last_error, last_error_at, last_success_at"

    private static func feedState(from row: SQLiteRow) -> FeedState {
        func date(_ column: Int) -> Date? { row.double(column).map(Date.init(timeIntervalSince1970:)) }
        return FeedState(
            source: row.string(0) ?? "", url: row.string(1) ?? "", currentURL: row.string(2), goneAt: date(3),
            goneConfiguration: row.string(4), nextAttemptAt: date(5), consecutiveFailures: row.int(6) ?? 0,
            lastError: row.string(7), lastErrorAt: date(8), lastSuccessAt: date(9)
        )
    }

    // MARK: - Stories and the dedupe index

    /// Hands the dedupe index's documents committed at or after `since` to `body`, in commit order, each under the
    /// story it belongs to now; the story desk rebuilds its in-memory index from them at start. Rows are streamed,
    /// not collected, so a large index loads in constant extra memory.
    ///
    /// `afterSeq` skips the rows an index snapshot already holds (those with `seq` up to it).
    public func forEachDedupeDocument(since: Date, afterSeq: Int64 = 0, _ body: (DedupeDocument) -> Void)
        throws(StateError)
    {
        try locked { database throws(StateError) in
            try database.forEachRow(
                "SELECT story_id, at, word_count, samples FROM dedupe_documents WHERE at >= ? AND seq > ? ORDER BY seq",
                [.real(since.timeIntervalSince1970), .integer(afterSeq)]
            ) { row in
                guard let story = row.string(0), let at = row.double(1), let words = row.int(2) else { return }
                body(DedupeDocument(storyID: story, at: Date(timeIntervalSince1970: at), wordCount: words,
                                    samples: Self.keys(fromLittleEndian: row.blob(3) ?? [])))
            }
        }
    }

    /// Stores dedupe documents without stories, in one transaction: for `newsd dedupe --state`, which keeps a
    /// corpus's index to measure reloading. The daemon stores its documents through ``commit(_:)`` instead.
    public func appendDedupeDocuments(_ documents: [DedupeDocument]) throws(StateError) {
        try locked { database throws(StateError) in
            try database.transaction { () throws(StateError) in
                for document in documents {
                    try Self.insertDedupeDocument(document, in: database)
                }
            }
        }
    }

    private static func insertDedupeDocument(_ document: DedupeDocument, in database: SQLiteDatabase)
        throws(StateError)
    {
        try database.run(
            "INSERT INTO dedupe_documents (story_id, at, word_count, samples) VALUES (?, ?, ?, ?)",
            [.text(document.storyID), .real(document.at.timeIntervalSince1970), .integer(Int64(document.wordCount)),
             .blob(littleEndianBytes(document.samples))]
        )
    }

    /// The highest `seq` ever given to a dedupe document (0 before the first), even if that row has since expired:
    /// what an index snapshot written now covers. Seqs never go back, so a later row is never taken as covered.
    public func latestDedupeSeq() throws(StateError) -> Int64 {
        try locked { database throws(StateError) in
            // The highest seq ever given out (AUTOINCREMENT's record), not the highest left: rows expire.
            try database.query("SELECT seq FROM sqlite_sequence WHERE name = 'dedupe_documents'").first?.int64(0) ?? 0
        }
    }

    /// Every story folded into another, with the story it now belongs to: replayed onto an index snapshot, whose
    /// documents may predate a bridging copy that merged their story.
    public func mergedStories() throws(StateError) -> [(merged: String, survivor: String)] {
        try locked { database throws(StateError) in
            try database.query("SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL ORDER BY id")
                .compactMap { row in
                    guard let merged = row.string(0), let survivor = row.string(1) else { return nil }
                    return (merged, survivor)
                }
        }
    }

    /// How many dedupe documents were committed at or after `since`, to size the index before loading it.
    public func dedupeDocumentCount(since: Date) throws(StateError) -> Int {
        try locked { database throws(StateError) in
            try database.query("SELECT count(*) FROM dedupe_documents WHERE at >= ?",
                               [.real(since.timeIntervalSince1970)]).first?.int(0) ?? 0
        }
    }

    /// Deletes dedupe documents committed before `before`: they have left the matching window.
    public func expireDedupeDocuments(before: Date) throws(StateError) {
        try locked { database throws(StateError) in
            try database.run("DELETE FROM dedupe_documents WHERE at < ?", [.real(before.timeIntervalSince1970)])
        }
    }

    /// A story's latest stored revision, or `nil` if the database does not have it.
    public func story(id: String) throws(StateError) -> StoredStory? {
        try locked { database throws(StateError) in
            try database.query(
                "SELECT id, revision, record_file, record, paragraph_count, merged_into FROM stories WHERE id = ?",
                [.text(id)]
            ).first.flatMap { row in
                guard let id = row.string(0), let revision = row.int(1), let file = row.string(2),
                    let record = row.blob(3), let count = row.int(4)
                else { return nil }
                return StoredStory(
                    id: id, revision: revision, recordFileName: file, record: record, paragraphCount: count,
                    mergedInto: row.string(5)
                )
            }
        }
    }

    /// Commits one accepted article in a single transaction: the story's new revision and record, the item as seen
    /// (pointing at the story), the copy's dedupe document, any merged stories folded in, and the record's file
    /// name as pending. Either all of it is stored or, when this throws, none of it.
    ///
    /// - Throws: ``StateError``; ``StateError/Kind/revisionConflict(storyID:stored:offered:)`` when the revision is
    ///   not above the stored one, ``StateError/Kind/missingStory(_:)`` for an unknown merged story, a constraint
    ///   failure when the file name is already pending.
    public func commit(_ change: IngestCommit) throws(StateError) {
        try commit([change])
    }

    /// Commits a batch of accepted articles in one transaction (one flush to disk for all of them): each change as
    /// ``commit(_:)`` stores it, in order, so a later change may build on an earlier one (a copy joining a story
    /// the batch started); then `seen`, items taken in without a story, as ``markSeen(source:itemKey:at:)``
    /// stores them; then clears `published`, pending names whose files are already in `new/`. Either all of it is
    /// stored or, when this throws, none of it.
    ///
    /// - Throws: ``StateError`` as ``commit(_:)`` does, for the first change that cannot be stored.
    public func commit(_ changes: [IngestCommit], seen: [SeenItem] = [], clearingPending published: [String] = [])
        throws(StateError)
    {
        try locked { database throws(StateError) in
            try database.transaction { () throws(StateError) in
                for change in changes {
                    try Self.insert(change, in: database)
                }
                for item in seen {
                    try Self.insertSeen(item, in: database)
                }
                try Self.deletePending(published, in: database)
            }
        }
    }

    private static func insert(_ change: IngestCommit, in database: SQLiteDatabase) throws(StateError) {
        try storeRevision(change, in: database)
        try database.run(
            """
            INSERT INTO seen_items (source, item_key, story_id, seen_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (source, item_key) DO UPDATE SET
                story_id = excluded.story_id, seen_at = excluded.seen_at
            """,
            [.text(change.source), .text(change.itemKey), .text(change.storyID),
             .real(change.at.timeIntervalSince1970)]
        )
        if let document = change.dedupeDocument {
            try insertDedupeDocument(document, in: database)
        }
        for merged in change.mergedStoryIDs where merged != change.storyID {
            try fold(merged, into: change.storyID, at: change.at, in: database)
        }
        try database.run(
            "INSERT INTO spool_pending (file_name, story_id, added_at) VALUES (?, ?, ?)",
            [.text(change.recordFileName), .text(change.storyID), .real(change.at.timeIntervalSince1970)]
        )
    }

    private static func storeRevision(_ change: IngestCommit, in database: SQLiteDatabase) throws(StateError) {
        let stored = try database.query(
            "SELECT revision, merged_into FROM stories WHERE id = ?", [.text(change.storyID)]
        ).first
        if let stored {
            if let survivor = stored.string(1) {
                throw StateError(
                    operation: "commit", path: database.path,
                    kind: .storyMerged(storyID: change.storyID, into: survivor)
                )
            }
            let revision = stored.int(0) ?? 0
            guard change.revision > revision else {
                throw StateError(
                    operation: "commit", path: database.path,
                    kind: .revisionConflict(storyID: change.storyID, stored: revision, offered: change.revision)
                )
            }
        }
        let time = change.at.timeIntervalSince1970
        try database.run(
            """
            INSERT INTO stories (id, revision, record, record_file, paragraph_count, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
            ON CONFLICT (id) DO UPDATE SET
                revision = excluded.revision, record = excluded.record, record_file = excluded.record_file,
                paragraph_count = excluded.paragraph_count, updated_at = excluded.updated_at
            """,
            [.text(change.storyID), .integer(Int64(change.revision)), .blob(change.record),
             .text(change.recordFileName), .integer(Int64(change.paragraphCount)), .real(time)]
        )
    }

    /// Moves a story's dedupe documents and seen items to `survivor` and marks it (and anything merged into it) merged.
    private static func fold(
        _ merged: String, into survivor: String, at date: Date, in database: SQLiteDatabase
    ) throws(StateError) {
        guard try !database.query("SELECT 1 FROM stories WHERE id = ?", [.text(merged)]).isEmpty else {
            throw StateError(operation: "commit", path: database.path, kind: .missingStory(merged))
        }
        try database.run("UPDATE seen_items SET story_id = ?1 WHERE story_id = ?2", [.text(survivor), .text(merged)])
        try database.run(
            "UPDATE dedupe_documents SET story_id = ?1 WHERE story_id = ?2", [.text(survivor), .text(merged)]
        )
        try database.run(
            "UPDATE stories SET merged_into = ?1, updated_at = ?3 WHERE id = ?2 OR merged_into = ?2",
            [.text(survivor), .text(merged), .real(date.timeIntervalSince1970)]
        )
    }

    // MARK: - Pending spool files

    /// Spool file names committed but not yet confirmed published: the input to the spool's recovery.
    public func pendingSpoolFiles() throws(StateError) -> Set<String> {
        try locked { database throws(StateError) in
            Set(try database.query("SELECT file_name FROM spool_pending").compactMap { $0.string(0) })
        }
    }

    /// Forgets a pending name once its file is in `new/`. Clearing a name that is not pending does nothing.
    public func clearPending(_ name: String) throws(StateError) {
        try clearPending([name])
    }

    /// Forgets pending names in one statement (one flush to disk), for a batch of published files.
    public func clearPending(_ names: [String]) throws(StateError) {
        guard !names.isEmpty else { return }
        try locked { database throws(StateError) in
            try Self.deletePending(names, in: database)
        }
    }

    private static func deletePending(_ names: [String], in database: SQLiteDatabase) throws(StateError) {
        guard !names.isEmpty else { return }
        try database.run("DELETE FROM spool_pending WHERE file_name IN (SELECT value FROM json_each(?))",
                         [.text(jsonArray(names))])
    }

    // MARK: - Source health

    /// Records a poll: a success resets the failure count; a failure increments it and becomes the last error.
    /// Either way the poll's new items are added to the source's total and the next poll time is replaced.
    public func recordPoll(source: String, outcome: PollOutcome, nextPoll: Date?) throws(StateError) {
        try lockedBookkeeping { database throws(StateError) in
            try database.run(
                """
                INSERT INTO source_health (
                    source, last_poll_at, last_success_at, last_error, last_error_at,
                    consecutive_failures, items_total, next_poll_at
                ) VALUES (
                    ?1, ?2, CASE WHEN ?3 THEN ?2 END, CASE WHEN ?3 THEN NULL ELSE ?4 END,
                    CASE WHEN ?3 THEN NULL ELSE ?2 END, CASE WHEN ?3 THEN 0 ELSE 1 END, ?5, ?6
                )
                ON CONFLICT (source) DO UPDATE SET
                    last_poll_at = excluded.last_poll_at,
                    last_success_at = CASE WHEN ?3 THEN excluded.last_poll_at ELSE last_success_at END,
                    last_error = CASE WHEN ?3 THEN last_error ELSE excluded.last_error END,
                    last_error_at = CASE WHEN ?3 THEN last_error_at ELSE excluded.last_error_at END,
                    consecutive_failures = CASE WHEN ?3 THEN 0 ELSE consecutive_failures + 1 END,
                    items_total = items_total + excluded.items_total,
                    next_poll_at = excluded.next_poll_at
                """,
                [.text(source), .real(outcome.at.timeIntervalSince1970), .integer(outcome.succeeded ? 1 : 0),
                 .text(outcome.error), .integer(Int64(outcome.newItems)), .real(nextPoll?.timeIntervalSince1970)]
            )
        }
    }

    /// Every polled source's health, sorted by source id.
    public func sourceHealth() throws(StateError) -> [SourceHealth] {
        try locked { database throws(StateError) in
            try database.query(
                """
                SELECT source, last_poll_at, last_success_at, last_error, last_error_at,
                    consecutive_failures, items_total, next_poll_at
                FROM source_health ORDER BY source
                """
            ).map { row in
                SourceHealth(
                    source: row.string(0) ?? "",
                    lastPoll: row.double(1).map(Date.init(timeIntervalSince1970:)),
                    lastSuccess: row.double(2).map(Date.init(timeIntervalSince1970:)),
                    lastError: row.string(3),
                    lastErrorAt: row.double(4).map(Date.init(timeIntervalSince1970:)),
                    consecutiveFailures: row.int(5) ?? 0,
                    itemsTotal: row.int(6) ?? 0,
                    nextPoll: row.double(7).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
    }

    // MARK: - Poll schedule

    /// Every source's saved poll schedule, sorted by source id.
    public func sourceSchedules() throws(StateError) -> [SourceSchedule] {
        try locked { database throws(StateError) in
            try database.query(
                """
                SELECT source, learned_interval, newest_item_at, last_poll_at, next_poll_at
                FROM source_schedule ORDER BY source
                """
            ).map { row in
                SourceSchedule(
                    source: row.string(0) ?? "",
                    learnedInterval: .milliseconds(Int64(((row.double(1) ?? 0) * 1000).rounded())),
                    newestItemAt: row.double(2).map(Date.init(timeIntervalSince1970:)),
                    lastPollAt: row.double(3).map(Date.init(timeIntervalSince1970:)),
                    nextPollAt: Date(timeIntervalSince1970: row.double(4) ?? 0)
                )
            }
        }
    }

    /// Saves a source's poll schedule, replacing the one saved before.
    public func saveSourceSchedule(_ schedule: SourceSchedule) throws(StateError) {
        try lockedBookkeeping { database throws(StateError) in
            try database.run(
                """
                INSERT OR REPLACE INTO source_schedule (
                    source, learned_interval, newest_item_at, last_poll_at, next_poll_at
                ) VALUES (?1, ?2, ?3, ?4, ?5)
                """,
                [.text(schedule.source), .real(schedule.learnedInterval / .seconds(1)),
                 .real(schedule.newestItemAt?.timeIntervalSince1970), .real(schedule.lastPollAt?.timeIntervalSince1970),
                 .real(schedule.nextPollAt.timeIntervalSince1970)]
            )
        }
    }

    // MARK: - Site templates

    /// The site template last saved for a source, as the extractor encoded it, or `nil` if none was saved.
    public func siteTemplate(source: String) throws(StateError) -> [UInt8]? {
        try locked { database throws(StateError) in
            try database.query("SELECT template FROM site_templates WHERE source = ?", [.text(source)])
                .first?.blob(0)
        }
    }

    /// Saves a source's site template, replacing the one saved before.
    public func saveSiteTemplate(_ template: [UInt8], source: String, at date: Date) throws(StateError) {
        try lockedBookkeeping { database throws(StateError) in
            try database.run(
                """
                INSERT INTO site_templates (source, template, updated_at) VALUES (?1, ?2, ?3)
                ON CONFLICT (source) DO UPDATE SET template = excluded.template, updated_at = excluded.updated_at
                """,
                [.text(source), .blob(template), .real(date.timeIntervalSince1970)]
            )
        }
    }

    // MARK: - Helpers

    /// Runs a bookkeeping write (feed validators and state, poll health and schedule, site templates, item failure
    /// counts) with `synchronous = NORMAL`: atomic as always, and durable once the next story commit flushes the
    /// write-ahead log (or at a checkpoint), instead of a flush of its own. A power cut can lose only the newest of
    /// it, which costs a refetch or a relearned page; the exactly-once records (stories, seen items, pending
    /// names) keep `synchronous = FULL`, and a later flush of the log covers every write before it.
    @discardableResult
    private func lockedBookkeeping<Result>(
        _ body: (SQLiteDatabase) throws(StateError) -> Result
    ) throws(StateError) -> Result {
        try locked { database throws(StateError) in
            try database.execute("PRAGMA synchronous = NORMAL")
            let result: Result
            do throws(StateError) {
                result = try body(database)
            } catch {
                try database.execute("PRAGMA synchronous = FULL")
                throw error
            }
            try database.execute("PRAGMA synchronous = FULL")
            return result
        }
    }

    @discardableResult
    private func locked<Result>(
        _ body: (SQLiteDatabase) throws(StateError) -> Result
    ) throws(StateError) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(database)
    }

    /// A JSON array of strings, for `json_each`.
    private static func jsonArray(_ strings: [String]) -> String {
        do {
            return String(decoding: try JSONEncoder().encode(strings), as: UTF8.self)
        } catch {
            preconditionFailure("an array of strings always encodes as JSON: \(error)")
        }
    }

    private static func littleEndianBytes(_ keys: [UInt32]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: keys.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (offset, key) in keys.enumerated() {
                raw.storeBytes(of: key.littleEndian, toByteOffset: offset * 4, as: UInt32.self)
            }
        }
        return bytes
    }

    private static func keys(fromLittleEndian bytes: [UInt8]) -> [UInt32] {
        bytes.withUnsafeBytes { raw in
            (0..<bytes.count / 4).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }

    /// Creates `path` and any missing parents; a failure names `path` itself, the directory the user configured.
    private static func makeDirectories(_ path: String) throws(StateError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw StateError(operation: "create directory", path: path, kind: .directory(errno: errno))
            }
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw StateError(operation: "create directory", path: path, kind: .directory(errno: errno))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw StateError(operation: "create directory", path: path, kind: .directory(errno: ENOTDIR))
        }
    }
}
