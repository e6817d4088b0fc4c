/// The state database's schema, as an ordered list of migrations keyed by `PRAGMA user_version`.
///
/// Migration `n` (1-based) takes a database from version `n - 1` to `n`. Each runs in its own transaction together
/// with the version bump, so a crash leaves the database at one version or the next. Never edit a released
/// migration: append a new one.
enum StateSchema {
    /// Dates are REAL seconds since 1970; paragraph hashes are the UInt64 fingerprint's bit pattern as INTEGER.
    static let migrations: [String] = [
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            revision INTEGER NOT NULL CHECK (revision >= 1),
            record BLOB NOT NULL,
            record_file TEXT NOT NULL,
            paragraph_count INTEGER NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            merged_into TEXT REFERENCES stories(id)
        );
        CREATE TABLE seen_items (
            source TEXT NOT NULL,
            item_key TEXT NOT NULL,
            story_id TEXT REFERENCES stories(id),
            seen_at REAL NOT NULL,
            PRIMARY KEY (source, item_key)
        ) WITHOUT ROWID;
        CREATE INDEX seen_items_by_story ON seen_items(story_id);
        CREATE TABLE story_paragraphs (
            hash INTEGER NOT NULL,
            story_id TEXT NOT NULL REFERENCES stories(id),
            PRIMARY KEY (hash, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_paragraphs_by_story ON story_paragraphs(story_id);
        CREATE TABLE feed_validators (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            updated_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE spool_pending (
            file_name TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            added_at REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE source_health (
            source TEXT PRIMARY KEY,
            last_poll_at REAL,
            last_success_at REAL,
            last_error TEXT,
            last_error_at REAL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            items_total INTEGER NOT NULL DEFAULT 0,
            next_poll_at REAL
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE item_failures (
            source TEXT NOT NULL,
            item_key TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            last_attempt_at REAL NOT NULL,
            PRIMARY KEY (source, item_key)
        ) WITHOUT ROWID;
        """,
        """
        CREATE TABLE IF NOT EXISTS site_templates (
            source TEXT PRIMARY KEY,
            template BLOB NOT NULL,
            updated_at REAL NOT NULL
        );
        """,
        // Per-feed fetch state: where the feed lives now (after a 301/308), whether it is gone (410), when it may
        // be tried again (backoff, Retry-After), and its failures. Keyed by the URL as configured.
        """
        CREATE TABLE feed_state (
            source TEXT NOT NULL,
            url TEXT NOT NULL,
            current_url TEXT,
            gone_at REAL,
            gone_configuration TEXT,
            next_attempt_at REAL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            last_error_at REAL,
            last_success_at REAL,
            PRIMARY KEY (source, url)
        ) WITHOUT ROWID;
        """,
        // The dedupe index's documents: one row per accepted copy, committed with the copy, so the in-memory index
        // rebuilt from it at start always agrees with the stories. `samples` is the sketch's sampled shingle keys,
        // 4 bytes each, little-endian, in reading order. `seq` is AUTOINCREMENT so it never goes back, even after every
        // row expired: the index snapshot is tagged with the highest seq it covers.
        """
        CREATE TABLE IF NOT EXISTS dedupe_documents (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            story_id TEXT NOT NULL,
            at REAL NOT NULL,
            word_count INTEGER NOT NULL,
            samples BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS dedupe_documents_by_story ON dedupe_documents(story_id);
        CREATE INDEX IF NOT EXISTS dedupe_documents_by_time ON dedupe_documents(at);
        """,
        // The poll scheduler's memory of each source: the interval it has learned from how often the source
        // publishes (seconds), the newest item date it has seen, and when it polled last and polls next.
        """
        CREATE TABLE IF NOT EXISTS source_schedule (
            source TEXT PRIMARY KEY,
            learned_interval REAL NOT NULL,
            newest_item_at REAL,
            last_poll_at REAL,
            next_poll_at REAL NOT NULL
        ) WITHOUT ROWID;
        """,
        // story_paragraphs was written by every commit and never read: the dedupe index lives in dedupe_documents.
        """
        DROP INDEX IF EXISTS story_paragraphs_by_story;
        DROP TABLE IF EXISTS story_paragraphs;
        """,
    ]

    /// The schema version this build writes.
    static var currentVersion: Int { migrations.count }

    /// Brings the database up to ``currentVersion``; refuses a database from a newer newsd.
    static func migrate(_ database: SQLiteDatabase) throws(StateError) {
        let found = try database.userVersion()
        guard found <= currentVersion else {
            throw StateError(
                operation: "PRAGMA user_version", path: database.path,
                kind: .schemaTooNew(found: found, supported: currentVersion)
            )
        }
        for version in (found + 1)..<(currentVersion + 1) {
            try database.transaction { () throws(StateError) in
                try database.execute(migrations[version - 1])
                try database.setUserVersion(version)
            }
        }
    }
}
