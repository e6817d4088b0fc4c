import Foundation
import Logging
import NewsdDaemon
import NewsdDedupe
import NewsdExtract
import NewsdSpool
import NewsdState
import Testing

/// A clock the test sets; the desk reads it instead of the system time.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A paragraph of about 30 words that shares no five-word run with another tag's paragraph.
private func paragraph(_ tag: String) -> String {
    let vocabulary = ["council", "harbor", "bridge", "river", "police", "minister", "market", "storm", "school",
                      "budget", "vote", "court", "report", "officials", "tuesday", "workers", "water", "prices",
                      "families", "teachers", "election", "mayor", "road", "airport", "company", "bank", "jobs",
                      "farmers", "flood", "residents", "library", "festival", "players", "league"]
    var state = tag.unicodeScalars.reduce(UInt64(1_469_598_103)) { ($0 ^ UInt64($1.value)) &* 1_099_511_628_211 }
    return (0..<30).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return vocabulary[Int(state >> 33) % vocabulary.count]
    }.joined(separator: " ") + "."
}

private func incoming(_ source: String, _ key: String, _ tags: [String], title: String, at date: Date)
    -> IncomingArticle
{
    IncomingArticle(
        sourceID: source, itemKey: key, url: "https://\(source).example/\(key)", feedTitle: nil, feedPublished: nil,
        article: Article(title: title, byline: nil, canonicalURL: nil, language: "en", siteName: nil,
                         published: nil, paragraphs: tags.map(paragraph), captions: []),
        fetchedAt: date
    )
}

@Suite("Story desk")
struct StoryDeskTests {
    let scratch: ScratchDirectory
    let clock = TestClock()
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        scratch = try ScratchDirectory()
    }

    private func openDesk(window: Duration = .seconds(30 * 86_400), priorities: [String: Int] = [:],
                          snapshotInterval: Int = StoryDesk.defaultSnapshotInterval) throws -> StoryDesk
    {
        try StoryDesk(state: StateStore(directory: scratch.file("state")),
                      spool: SpoolWriter(directory: scratch.file("spool")), window: window, priorities: priorities,
                      snapshotInterval: snapshotInterval, clock: { [clock] in clock.now }, logger: logger)
    }

    @Test("a new article becomes revision 1 of a new story, published in new/")
    func newStory() throws {
        let desk = try openDesk()
        let outcome = try desk.accept(incoming("a", "1", ["a", "b", "c"], title: "Original", at: clock.now))
        guard case .newStory(let storyID, let name) = outcome else {
            Issue.record("expected a new story, got \(outcome)")
            return
        }
        let records = try spooledRecords(in: scratch.file("spool"))
        #expect(records.map(\.name) == [name])
        #expect(records.first?.record.storyID == storyID)
        #expect(records.first?.record.revision == 1)
    }

    @Test("a copy joining a spooled story writes revision 2 that supersedes revision 1")
    func joinWritesNextRevision() throws {
        let desk = try openDesk()
        guard case .newStory(_, let first) = try desk.accept(
            incoming("a", "1", ["a", "b", "c", "d"], title: "Original", at: clock.now))
        else {
            Issue.record("expected a new story")
            return
        }
        clock.advance(by: 60)
        let outcome = try desk.accept(incoming("b", "9", ["b", "c", "d"], title: "Retitled", at: clock.now))
        guard case .joined(_, let revision, let second, _) = outcome else {
            Issue.record("expected a join, got \(outcome)")
            return
        }
        #expect(revision == 2)
        let record = try #require(try spooledRecords(in: scratch.file("spool")).first { $0.name == second }?.record)
        #expect(record.supersedes == first)
        #expect(record.copies.map(\.source) == ["a", "b"])
        #expect(record.title == "Original", "the longer copy's text and title stay")
    }

    @Test("a longer copy replaces the story's text")
    func longerCopyWins() throws {
        let desk = try openDesk()
        _ = try desk.accept(incoming("a", "1", ["b", "c", "d"], title: "Trimmed", at: clock.now))
        guard case .joined(_, _, let name, _) = try desk.accept(
            incoming("b", "2", ["a", "b", "c", "d", "e"], title: "Full", at: clock.now))
        else {
            Issue.record("expected a join")
            return
        }
        let record = try #require(try spooledRecords(in: scratch.file("spool")).first { $0.name == name }?.record)
        #expect(record.title == "Full")
        #expect(record.paragraphs.count == 5)
        #expect(record.source == "b")
    }

    @Test("documents older than the dedupe window are dropped from the index and the table while running")
    func expiredDocumentsCompacted() throws {
        let desk = try openDesk(window: .seconds(86_400))
        for item in 1...3 {
            _ = try desk.accept(incoming("a", "\(item)", ["k\(item)a", "k\(item)b", "k\(item)c"],
                                        title: "Old \(item)", at: clock.now))
        }
        #expect(desk.indexedDocuments == 3)
        clock.advance(by: 2 * 86_400 + StoryDesk.compactionCheckInterval)
        _ = try desk.accept(incoming("b", "1", ["n1", "n2", "n3"], title: "New", at: clock.now))
        #expect(desk.indexedDocuments == 1)
        let state = try StateStore(directory: scratch.file("state"))
        #expect(try state.dedupeDocumentCount(since: .distantPast) == 1)
    }

    @Test("a young index is not compacted: documents inside the window stay")
    func liveDocumentsKept() throws {
        let desk = try openDesk(window: .seconds(86_400))
        _ = try desk.accept(incoming("a", "1", ["p", "q", "r"], title: "One", at: clock.now))
        clock.advance(by: 3600 + StoryDesk.compactionCheckInterval)
        _ = try desk.accept(incoming("a", "2", ["s", "t", "u"], title: "Two", at: clock.now))
        #expect(desk.indexedDocuments == 2)
    }

    @Test("a reopened desk remembers stories: a later copy still joins")
    func indexSurvivesRestart() throws {
        _ = try openDesk().accept(incoming("a", "1", ["a", "b", "c"], title: "Original", at: clock.now))
        let outcome = try openDesk().accept(incoming("b", "1", ["a", "b", "c"], title: "Copy", at: clock.now))
        guard case .joined = outcome else {
            Issue.record("expected a join after restart, got \(outcome)")
            return
        }
    }

    @Test("a seen item is no longer unseen")
    func seenItems() throws {
        let desk = try openDesk()
        _ = try desk.accept(incoming("a", "1", ["a", "b"], title: "T", at: clock.now))
        #expect(try desk.unseenItemKeys(source: "a", among: ["1", "2"]) == ["2"])
        #expect(try desk.unseenItemKeys(source: "b", among: ["1"]) == ["1"])
    }

    @Test("a record staged and committed but not published before a crash is published on restart, once")
    func crashAfterCommitIsRecovered() throws {
        let state = try StateStore(directory: scratch.file("state"))
        let spool = try SpoolWriter(directory: scratch.file("spool"))
        let article = incoming("a", "1", ["a", "b"], title: "T", at: clock.now)
        let record = StoryRevision.first(article, storyID: "s1", related: [], now: clock.now)
        let name = try spool.stage(record)
        try state.commit(IngestCommit(
            source: "a", itemKey: "1", storyID: "s1", revision: 1, record: record.encoded(), recordFileName: name,
            paragraphCount: 2, at: clock.now
        ))
        #expect(try spooledRecords(in: scratch.file("spool")).isEmpty)

        _ = try openDesk()
        #expect(try spooledRecords(in: scratch.file("spool")).map(\.name) == [name])
        _ = try openDesk()
        #expect(try spooledRecords(in: scratch.file("spool")).map(\.name) == [name])
        #expect(try StateStore(directory: scratch.file("state")).pendingSpoolFiles().isEmpty)
    }

    @Test("a record staged before a crash but never committed is discarded and its item redone")
    func crashBeforeCommitIsRedone() throws {
        let spool = try SpoolWriter(directory: scratch.file("spool"))
        let article = incoming("a", "1", ["a", "b"], title: "T", at: clock.now)
        _ = try spool.stage(StoryRevision.first(article, storyID: "s1", related: [], now: clock.now))

        let desk = try openDesk()
        let tmp = try FileManager.default.contentsOfDirectory(atPath: scratch.file("spool/tmp"))
        #expect(tmp.isEmpty)
        #expect(try desk.unseenItemKeys(source: "a", among: ["1"]) == ["1"])
        _ = try desk.accept(article)
        #expect(try spooledRecords(in: scratch.file("spool")).count == 1)
    }
}

@Suite("Story revisions")
struct StoryRevisionTests {
    @Test("story ids are a fixed function of source and item")
    func stableStoryID() {
        #expect(StoryRevision.storyID(source: "a", itemKey: "1") == StoryRevision.storyID(source: "a", itemKey: "1"))
        #expect(StoryRevision.storyID(source: "a", itemKey: "1") != StoryRevision.storyID(source: "b", itemKey: "1"))
        #expect(StoryRevision.storyID(source: "a", itemKey: "1").count == 17)
    }

    @Test("a joining copy records how many of its paragraphs the story shares")
    func sharedParagraphsCounted() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let first = StoryRevision.first(incoming("a", "1", ["a", "b", "c", "d"], title: "T", at: now),
                                        storyID: "s1", related: [], now: now)
        let next = StoryRevision.joining(first, previousFileName: "f1",
                                         incoming: incoming("b", "2", ["b", "c", "x"], title: "U", at: now),
                                         match: nil, related: ["s9"], now: now)
        #expect(next.copies.last?.sharedParagraphs == 2)
        #expect(next.copies.last?.paragraphCount == 3)
        #expect(next.copies.last?.sharesParagraphs == [0, 1])
        #expect(next.copies.last?.addsParagraphs == [2])
        #expect(next.copies.last?.lacksParagraphs == [0, 3])
        #expect(next.related == ["s9"])
    }
}

/// The desk's dedupe behaviour: bridging, related links, provenance, source priority, expiry, crash consistency.
extension StoryDeskTests {
    private func record(named name: String) throws -> StoryRecord {
        try #require(try spooledRecords(in: scratch.file("spool")).first { $0.name == name }?.record)
    }

    private var full: [String] { (0..<12).map { "w\($0)" } }

    @Test("a copy that bridges two stories writes one record that supersedes both")
    func bridgingCopySupersedesBoth() throws {
        let desk = try openDesk()
        // Each outlet cut the full story differently and padded it; the two share only the lead.
        let first = Array(full[0..<6]) + ["x1", "x2", "x3"]
        let second = [full[0]] + Array(full[6..<11]) + ["y1", "y2", "y3"]
        guard case .newStory(let a, let aFile) = try desk.accept(incoming("a", "1", first, title: "A", at: clock.now)),
              case .newStory(let b, let bFile) = try desk.accept(incoming("b", "1", second, title: "B", at: clock.now))
        else {
            Issue.record("the two partial copies should start two stories")
            return
        }
        let outcome = try desk.accept(incoming("c", "1", full, title: "Full", at: clock.now))
        guard case .joined(let survivor, let revision, let name, let merged) = outcome else {
            Issue.record("expected a bridging join, got \(outcome)")
            return
        }
        #expect(Set([survivor] + merged) == [a, b])
        #expect(revision == 2)
        let bridged = try record(named: name)
        #expect(bridged.supersedes == (survivor == a ? aFile : bFile))
        #expect(bridged.mergedStories.map(\.record) == [survivor == a ? bFile : aFile])
        #expect(bridged.copies.map(\.source).sorted() == ["a", "b", "c"])
        #expect(bridged.copies.last?.match?.bridged == merged)
        #expect(bridged.related.isEmpty, "the two folded stories are no longer related, they are one")
        let state = try StateStore(directory: scratch.file("state"))
        #expect(try state.story(id: merged[0])?.mergedInto == survivor)
    }

    @Test("a different write-up sharing one quoted paragraph stays a story of its own, linked as related")
    func sharedQuoteIsRelated() throws {
        let desk = try openDesk()
        guard case .newStory(let original, _) = try desk.accept(incoming("a", "1", full, title: "A", at: clock.now))
        else {
            Issue.record("expected a new story")
            return
        }
        let other = ["p1", "p2", "p3", full[6], "p4", "p5", "p6", "p7"]
        guard case .newStory(_, let name) = try desk.accept(incoming("b", "1", other, title: "B", at: clock.now))
        else {
            Issue.record("a shared quote must not merge")
            return
        }
        #expect(try record(named: name).related == [original])
    }

    @Test("a joining copy records what it shares, adds and lacks, and the overlap that made it join")
    func joiningCopyHasProvenance() throws {
        let desk = try openDesk()
        _ = try desk.accept(incoming("a", "1", Array(full[0..<6]), title: "A", at: clock.now))
        let copy = Array(full[0..<4]) + ["local"]
        guard case .joined(_, _, let name, _) = try desk.accept(incoming("b", "1", copy, title: "B", at: clock.now))
        else {
            Issue.record("expected a join")
            return
        }
        let joined = try #require(try record(named: name).copies.last)
        #expect(joined.sharesParagraphs == [0, 1, 2, 3])
        #expect(joined.addsParagraphs == [4])
        #expect(joined.lacksParagraphs == [4, 5])
        let match = try #require(joined.match)
        #expect(match.containment >= 0.5 && match.sharedShingles > 0)
    }

    @Test("a source with a higher dedupe_priority keeps its text even against a longer copy")
    func sourcePriorityWins() throws {
        let desk = try openDesk(priorities: ["wire": 10])
        _ = try desk.accept(incoming("wire", "1", Array(full[0..<6]), title: "Wire", at: clock.now))
        guard case .joined(_, _, let name, _) = try desk.accept(
            incoming("paper", "1", full, title: "Paper", at: clock.now))
        else {
            Issue.record("expected a join")
            return
        }
        let story = try record(named: name)
        #expect(story.title == "Wire")
        #expect(story.paragraphs.count == 6)
    }

    @Test("a copy arriving after the dedupe window starts a new story")
    func expiredStoryIsNotJoined() throws {
        _ = try openDesk(window: .seconds(3_600)).accept(incoming("a", "1", full, title: "A", at: clock.now))
        clock.advance(by: 7_200)
        let outcome = try openDesk(window: .seconds(3_600)).accept(incoming("b", "1", full, title: "B", at: clock.now))
        guard case .newStory = outcome else {
            Issue.record("expected a new story after the window, got \(outcome)")
            return
        }
    }

    @Test("a crash after the commit leaves index and stories consistent: the next copy joins after restart")
    func indexSurvivesCrashAfterCommit() throws {
        let state = try StateStore(directory: scratch.file("state"))
        let spool = try SpoolWriter(directory: scratch.file("spool"))
        let article = incoming("a", "1", full, title: "A", at: clock.now)
        let storyID = StoryRevision.storyID(source: "a", itemKey: "1")
        let first = StoryRevision.first(article, storyID: storyID, related: [], now: clock.now)
        let name = try spool.stage(first)
        let sketch = DocumentSketch(paragraphs: article.article.paragraphs)
        try state.commit(IngestCommit(
            source: "a", itemKey: "1", storyID: storyID, revision: 1, record: first.encoded(), recordFileName: name,
            paragraphCount: full.count,
            dedupeDocument: DedupeDocument(storyID: storyID, at: clock.now, wordCount: sketch.wordCount,
                                           samples: sketch.samples),
            at: clock.now
        ))
        // Killed here: staged and committed, neither published nor in any in-memory index.
        let outcome = try openDesk().accept(incoming("b", "1", Array(full[0..<8]), title: "B", at: clock.now))
        guard case .joined(let joined, 2, _, _) = outcome else {
            Issue.record("expected the copy to join the committed story, got \(outcome)")
            return
        }
        #expect(joined == storyID)
        #expect(try spooledRecords(in: scratch.file("spool")).count == 2)
    }
}

/// The dedupe index snapshot: a restart loads it and replays only what was committed after it.
extension StoryDeskTests {
    private var snapshotPath: String { StoryDesk.snapshotPath(stateDirectory: scratch.file("state")) }

    private func snapshotSeq() throws -> Int64 { try StoryIndex.loadSnapshot(from: snapshotPath).seq }

    @Test("articles committed after the snapshot are replayed from the state database on restart")
    func rowsAfterSnapshotAreReplayed() throws {
        let desk = try openDesk()
        _ = try desk.accept(incoming("a", "1", ["a", "b", "c"], title: "Before", at: clock.now))
        desk.saveIndexSnapshot()
        guard case .newStory(let later, _) = try desk.accept(incoming("a", "2", ["d", "e", "f"], title: "After",
                                                                      at: clock.now))
        else {
            Issue.record("expected a new story")
            return
        }
        #expect(try snapshotSeq() == 1)
        let outcome = try openDesk().accept(incoming("b", "2", ["d", "e", "f"], title: "Copy", at: clock.now))
        #expect(outcome.storyID == later)
    }

    @Test("a damaged snapshot is logged and the index rebuilt from the state database")
    func damagedSnapshotIsRebuilt() throws {
        let desk = try openDesk()
        guard case .newStory(let story, _) = try desk.accept(incoming("a", "1", ["a", "b", "c"], title: "A",
                                                                      at: clock.now))
        else {
            Issue.record("expected a new story")
            return
        }
        desk.saveIndexSnapshot()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        bytes[bytes.count - 5] ^= 0xff
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        let outcome = try openDesk().accept(incoming("b", "1", ["a", "b", "c"], title: "Copy", at: clock.now))
        #expect(outcome.storyID == story)
    }

    @Test("a story folded into another after the snapshot stays folded on restart")
    func bridgingAfterSnapshot() throws {
        let desk = try openDesk()
        let first = Array(full[0..<6]) + ["x1", "x2", "x3"]
        let second = [full[0]] + Array(full[6..<11]) + ["y1", "y2", "y3"]
        _ = try desk.accept(incoming("a", "1", first, title: "A", at: clock.now))
        _ = try desk.accept(incoming("b", "1", second, title: "B", at: clock.now))
        desk.saveIndexSnapshot()
        guard case .joined(let survivor, _, _, let merged) = try desk.accept(incoming("c", "1", full, title: "Full",
                                                                                      at: clock.now)),
              merged.count == 1
        else {
            Issue.record("expected a bridging join")
            return
        }
        // Another copy of the folded story's text is closest to the folded story's own document: it must join
        // the survivor, not the story that no longer stands.
        let foldedText = merged[0] == StoryRevision.storyID(source: "a", itemKey: "1") ? first : second
        let outcome = try openDesk().accept(incoming("d", "1", foldedText, title: "Late", at: clock.now))
        #expect(outcome.storyID == survivor)
    }

    @Test("the desk writes the snapshot every so many commits while it runs")
    func periodicSnapshot() throws {
        let desk = try openDesk(snapshotInterval: 2)
        _ = try desk.accept(incoming("a", "1", ["a", "b", "c"], title: "A", at: clock.now))
        #expect(!FileManager.default.fileExists(atPath: snapshotPath))
        _ = try desk.accept(incoming("a", "2", ["d", "e", "f"], title: "B", at: clock.now))
        #expect(try snapshotSeq() == 2)
    }
}

extension DeskOutcome {
    /// The story the outcome is about, `nil` when nothing was written.
    fileprivate var storyID: String? {
        switch self {
        case .newStory(let id, _), .joined(let id, _, _, _): id
        case .nothingToWrite: nil
        }
    }
}
