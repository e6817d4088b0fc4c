import CSQLite
import Foundation
import Testing
@testable import NewsdState

@Suite("StateStore")
struct StateStoreTests {
    // MARK: Opening

    @Test("opening a new directory creates the schema at the current version")
    func createsSchema() throws {
        try withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory + "/state")
            #expect(store.databasePath == directory + "/state/newsd.sqlite3")
            let database = try SQLiteDatabase(path: store.databasePath)
            #expect(try database.userVersion() == StateSchema.currentVersion)
            let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                .compactMap { $0.string(0) }
            #expect(tables == [
                "dedupe_documents", "feed_state", "feed_validators", "item_failures", "seen_items", "site_templates",
                "source_health", "source_schedule", "spool_pending", "sqlite_sequence", "stories",
            ])
        }
    }

    @Test("failed attempts at an item are counted across calls and reopenings")
    func itemFailuresCounted() throws {
        try withTemporaryDirectory { directory in
            let date = Date(timeIntervalSince1970: 1_800_000_000)
            do {
                let store = try StateStore(directory: directory)
                #expect(try store.recordItemFailure(source: "a", itemKey: "k", error: "404", at: date) == 1)
                #expect(try store.recordItemFailure(source: "a", itemKey: "k", error: "404", at: date) == 2)
                #expect(try store.recordItemFailure(source: "b", itemKey: "k", error: "404", at: date) == 1)
            }
            let reopened = try StateStore(directory: directory)
            #expect(try reopened.recordItemFailure(source: "a", itemKey: "k", error: "timeout", at: date) == 3)
        }
    }

    @Test("reopening the store keeps what was committed")
    func reopenKeepsData() throws {
        try withTemporaryDirectory { directory in
            do {
                let store = try StateStore(directory: directory)
                try store.commit(ingest(item: "a", story: "s1", samples: [1, 2]))
                try store.saveValidators(FeedValidators(etag: "\"v1\"", lastModified: nil), for: "https://f.example/")
            }
            let reopened = try StateStore(directory: directory)
            #expect(try reopened.story(id: "s1")?.revision == 1)
            #expect(try reopened.unseenItemKeys(source: "wire", among: ["a", "b"]) == ["b"])
            #expect(try reopened.pendingSpoolFiles() == ["1795435200000.s1.r1.json"])
            #expect(try reopened.validators(for: "https://f.example/")?.etag == "\"v1\"")
        }
    }

    @Test("bookkeeping writes skip their own flush but leave story commits at synchronous = FULL")
    func bookkeepingKeepsCommitsFull() throws {
        try withStore { store, _ in
            try store.saveValidators(FeedValidators(etag: "\"v1\"", lastModified: nil), for: "https://f.example/")
            try store.recordPoll(source: "a", outcome: PollOutcome(at: noon, succeeded: true, error: nil, newItems: 1),
                                 nextPoll: nil)
            try store.saveSiteTemplate([1, 2, 3], source: "a", at: noon)
            let full = 2
            #expect(try store.database.query("PRAGMA synchronous").first?.int(0) == full)
            #expect(try store.validators(for: "https://f.example/")?.etag == "\"v1\"")
        }
    }

    @Test("a database written by a newer newsd is refused")
    func newerSchemaRefused() throws {
        try withTemporaryDirectory { directory in
            _ = try StateStore(directory: directory)
            try SQLiteDatabase(path: directory + "/newsd.sqlite3").setUserVersion(99)
            let error = try #require(throws: StateError.self) {
                try StateStore(directory: directory)
            }
            #expect(error.kind == .schemaTooNew(found: 99, supported: StateSchema.currentVersion))
        }
    }

    @Test("a corrupt database file gives an error naming the file")
    func corruptDatabase() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/newsd.sqlite3"
            let garbage = Data(repeating: 0x5A, count: 8_192)
            try garbage.write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: StateError.self) {
                try StateStore(directory: directory)
            }
            #expect(error.path == path)
            guard case .sqlite(let code, _) = error.kind else {
                Issue.record("expected an SQLite error, got \(error.kind)")
                return
            }
            #expect(code & 0xFF == SQLITE_NOTADB)
            #expect(error.description.contains(path))
            #expect(error.description.contains("move it aside"))
        }
    }

    @Test("a state directory under a regular file gives an error naming the path")
    func directoryUnderFile() throws {
        try withTemporaryDirectory { directory in
            let file = directory + "/plain-file"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            let error = try #require(throws: StateError.self) {
                try StateStore(directory: file + "/state")
            }
            #expect(error.path == file + "/state")
            #expect(error.description.contains(file + "/state"))
        }
    }

    // MARK: Seen items

    @Test("unseen keys drop the seen ones and keep the input order")
    func unseenKeepsOrder() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "k2", story: "s1"))
            try store.markSeen(source: "wire", itemKey: "k4", at: noon)
            let unseen = try store.unseenItemKeys(source: "wire", among: ["k5", "k2", "k1", "k4", "k3"])
            #expect(unseen == ["k5", "k1", "k3"])
        }
    }

    @Test("an item seen in one source is unseen in another")
    func seenIsPerSource() throws {
        try withStore { store, _ in
            try store.markSeen(source: "wire", itemKey: "k", at: noon)
            #expect(try store.unseenItemKeys(source: "other", among: ["k"]) == ["k"])
            #expect(try store.unseenItemKeys(source: "wire", among: ["k"]).isEmpty)
        }
    }

    // MARK: Validators

    @Test("validators round-trip and are replaced by newer ones")
    func validatorsRoundTrip() throws {
        try withStore { store, _ in
            let url = "https://feeds.example/rss"
            #expect(try store.validators(for: url) == nil)
            try store.saveValidators(
                FeedValidators(etag: "\"a\"", lastModified: "Mon, 23 Nov 2026 10:00:00 GMT"), for: url
            )
            #expect(try store.validators(for: url)
                == FeedValidators(etag: "\"a\"", lastModified: "Mon, 23 Nov 2026 10:00:00 GMT"))
            try store.saveValidators(
                FeedValidators(etag: nil, lastModified: "Tue, 24 Nov 2026 10:00:00 GMT"), for: url
            )
            #expect(try store.validators(for: url)
                == FeedValidators(etag: nil, lastModified: "Tue, 24 Nov 2026 10:00:00 GMT"))
        }
    }

    @Test("saving empty validators forgets the URL's validators")
    func emptyValidatorsForget() throws {
        try withStore { store, _ in
            let url = "https://feeds.example/rss"
            try store.saveValidators(FeedValidators(etag: "\"a\"", lastModified: nil), for: url)
            try store.saveValidators(FeedValidators(etag: nil, lastModified: nil), for: url)
            #expect(try store.validators(for: url) == nil)
        }
    }

    // MARK: Commits

    @Test("a commit stores the story, marks the item seen, stores its dedupe document and records the file as pending")
    func commitStoresEverything() throws {
        try withStore { store, _ in
            let change = ingest(item: "a", story: "s1", samples: [10, 20, 30])
            try store.commit(change)
            #expect(try store.story(id: "s1") == StoredStory(
                id: "s1", revision: 1, recordFileName: change.recordFileName, record: change.record, paragraphCount: 3
            ))
            #expect(try store.unseenItemKeys(source: "wire", among: ["a"]).isEmpty)
            #expect(try indexedDocuments(store).map(\.story) == ["s1"])
            #expect(try indexedDocuments(store).map(\.samples) == [[10, 20, 30]])
            #expect(try store.pendingSpoolFiles() == [change.recordFileName])
        }
    }

    @Test("a later revision replaces the stored record and adds its dedupe document")
    func laterRevision() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", samples: [1, 2]))
            let second = ingest(source: "other", item: "b", story: "s1", revision: 2, samples: [2, 3])
            try store.commit(second)
            let stored = try #require(try store.story(id: "s1"))
            #expect(stored.revision == 2)
            #expect(stored.record == second.record)
            #expect(stored.recordFileName == second.recordFileName)
            #expect(try indexedDocuments(store).map(\.samples) == [[1, 2], [2, 3]])
        }
    }

    @Test("a commit that fails at its last step leaves nothing behind")
    func commitIsAtomic() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", file: "same.json", samples: [1]))
            #expect(throws: StateError.self) {
                try store.commit(ingest(item: "b", story: "s2", file: "same.json", samples: [2]))
            }
            #expect(try store.story(id: "s2") == nil)
            #expect(try store.unseenItemKeys(source: "wire", among: ["b"]) == ["b"])
            #expect(try indexedDocuments(store).map(\.story) == ["s1"])
            #expect(try store.pendingSpoolFiles() == ["same.json"])
        }
    }

    @Test("a commit repeating a stored revision is refused and leaves nothing behind")
    func staleRevisionRefused() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", samples: [1]))
            let error = try #require(throws: StateError.self) {
                try store.commit(ingest(item: "b", story: "s1", file: "other.json", samples: [2]))
            }
            #expect(error.kind == .revisionConflict(storyID: "s1", stored: 1, offered: 1))
            #expect(try store.unseenItemKeys(source: "wire", among: ["b"]) == ["b"])
            #expect(try indexedDocuments(store).map(\.story) == ["s1"])
            #expect(try store.pendingSpoolFiles() == ["1795435200000.s1.r1.json"])
        }
    }

    @Test("a merged story's dedupe documents move to the survivor and it is marked merged")
    func mergeFoldsStory() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", samples: [1, 2]))
            try store.commit(ingest(item: "b", story: "s2", samples: [3, 4]))
            try store.commit(ingest(item: "c", story: "s1", revision: 2, samples: [2, 3], merging: ["s2"]))
            #expect(try indexedDocuments(store).map(\.story) == ["s1", "s1", "s1"])
            #expect(try store.story(id: "s2")?.mergedInto == "s1")
        }
    }

    @Test("merging an unknown story fails the whole commit")
    func mergeUnknownStory() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", samples: [1]))
            let error = try #require(throws: StateError.self) {
                try store.commit(ingest(item: "b", story: "s1", revision: 2, samples: [5], merging: ["ghost"]))
            }
            #expect(error.kind == .missingStory("ghost"))
            #expect(try store.story(id: "s1")?.revision == 1)
            #expect(try indexedDocuments(store).map(\.story) == ["s1"])
        }
    }

    // MARK: Pending spool files

    @Test("pending names are added by commits and removed by clearing")
    func pendingAddAndClear() throws {
        try withStore { store, _ in
            try store.commit(ingest(item: "a", story: "s1", file: "one.json"))
            try store.commit(ingest(item: "b", story: "s2", file: "two.json"))
            #expect(try store.pendingSpoolFiles() == ["one.json", "two.json"])
            try store.clearPending("one.json")
            try store.clearPending("never-pending.json")
            #expect(try store.pendingSpoolFiles() == ["two.json"])
        }
    }

    // MARK: Source health

    @Test("health counts consecutive failures and a success resets them")
    func healthFailuresReset() throws {
        try withStore { store, _ in
            let t0 = noon
            let t1 = t0.addingTimeInterval(60)
            let t2 = t0.addingTimeInterval(120)
            let t3 = t0.addingTimeInterval(180)
            try store.recordPoll(source: "wire", outcome: PollOutcome(at: t0, succeeded: true, error: nil, newItems: 4),
                                 nextPoll: t1)
            try store.recordPoll(source: "wire", outcome: PollOutcome(at: t1, succeeded: false, error: "timed out",
                                                                      newItems: 0), nextPoll: t2)
            try store.recordPoll(source: "wire", outcome: PollOutcome(at: t2, succeeded: false, error: "HTTP 503",
                                                                      newItems: 0), nextPoll: t3)
            var health = try #require(try store.sourceHealth().first)
            #expect(health.consecutiveFailures == 2)
            #expect(health.lastError == "HTTP 503")
            #expect(health.lastErrorAt == t2)
            #expect(health.lastSuccess == t0)
            #expect(health.nextPoll == t3)

            try store.recordPoll(source: "wire", outcome: PollOutcome(at: t3, succeeded: true, error: nil, newItems: 2),
                                 nextPoll: nil)
            health = try #require(try store.sourceHealth().first)
            #expect(health == SourceHealth(
                source: "wire", lastPoll: t3, lastSuccess: t3, lastError: "HTTP 503", lastErrorAt: t2,
                consecutiveFailures: 0, itemsTotal: 6, nextPoll: nil
            ))
        }
    }

    @Test("health lists every polled source in id order")
    func healthPerSource() throws {
        try withStore { store, _ in
            for source in ["zeta", "alpha"] {
                try store.recordPoll(source: source, outcome: PollOutcome(at: noon, succeeded: false, error: "x",
                                                                          newItems: 0), nextPoll: nil)
            }
            let health = try store.sourceHealth()
            #expect(health.map(\.source) == ["alpha", "zeta"])
            #expect(health.map(\.consecutiveFailures) == [1, 1])
            #expect(health.map(\.lastSuccess) == [nil, nil])
        }
    }
}

@Suite("Dedupe document sequence")
struct DedupeDocumentSequenceTests {
    @Test("seqs never go back, even after every dedupe document expired")
    func seqNeverGoesBack() throws {
        try withTemporaryDirectory { directory in
            let store = try StateStore(directory: directory)
            func commit(_ item: String, at date: Date) throws {
                var change = ingest(item: item, story: "s-\(item)", at: date)
                change.dedupeDocument = DedupeDocument(storyID: "s-\(item)", at: date, wordCount: 40, samples: [1, 2, 3])
                try store.commit(change)
            }
            try commit("a", at: noon)
            try commit("b", at: noon)
            #expect(try store.latestDedupeSeq() == 2)
            try store.expireDedupeDocuments(before: noon.addingTimeInterval(1))
            #expect(try store.latestDedupeSeq() == 2)
            try commit("c", at: noon.addingTimeInterval(10))
            #expect(try store.latestDedupeSeq() == 3)
        }
    }
}
