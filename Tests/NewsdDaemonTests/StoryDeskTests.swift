import Foundation
import Logging
import NewsdDaemon
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

    private func openDesk() throws -> StoryDesk {
        try StoryDesk(state: StateStore(directory: scratch.file("state")),
                      spool: SpoolWriter(directory: scratch.file("spool")),
                      clock: { [clock] in clock.now }, logger: logger)
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
            paragraphHashes: [1, 2], paragraphCount: 2, at: clock.now
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
