import Dispatch
import Foundation
import Logging
@testable import NewsdDaemon
import NewsdExtract
import NewsdSpool
@testable import NewsdState
import Testing

@Suite("Story desk group commit")
struct StoryDeskBatchTests {
    let scratch: ScratchDirectory
    let clock = TestClock()
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init() throws {
        scratch = try ScratchDirectory()
    }

    private func article(_ key: String, _ paragraphs: [String]) -> IncomingArticle {
        IncomingArticle(
            sourceID: "wire", itemKey: key, url: "https://wire.example/\(key)", feedTitle: nil, feedPublished: nil,
            article: Article(title: "Storm closes harbor", byline: nil, canonicalURL: nil, language: "en",
                             siteName: nil, published: nil, paragraphs: paragraphs, captions: []),
            fetchedAt: clock.now
        )
    }

    /// Accepts `articles` from one thread each while the desk's queue is held, so that all of them are waiting
    /// when the desk takes its next turn; returns their outcomes in the same order.
    ///
    /// Each accept runs on a thread of its own rather than a Dispatch worker, and the test blocks on the intake's
    /// condition rather than spinning: on a two-core machine a spinning waiter can hold the very worker its accept
    /// needs, and the suite hangs.
    private func acceptTogether(_ articles: [IncomingArticle],
                                desk: StoryDesk) throws -> [Result<DeskOutcome, DeskError>] {
        let gate = DispatchSemaphore(value: 0)
        desk.queue.async { gate.wait() }
        let outcomes = OutcomeSlots(count: articles.count)
        let finished = DispatchGroup()
        let arrivals = Result { () throws in
            for (slot, article) in articles.enumerated() {
                finished.enter()
                Thread {
                    outcomes.set(slot, Result { () throws(DeskError) in try desk.accept(article) })
                    finished.leave()
                }.start()
                // Each accept adds its ticket before it waits for the queue: the order of arrival is the order here.
                let arrived = desk.intake.wait(forCount: slot + 1, until: Date() + 30)
                try #require(arrived, "article \(slot + 1) never reached the desk's intake")
            }
        }
        gate.signal()
        try arrivals.get()
        let decided = finished.wait(timeout: .now() + 60) == .success
        try #require(decided, "the desk never decided the articles once its queue was free")
        return outcomes.all
    }

    @Test("copies waiting together are decided in order: the second joins the story the first starts")
    func batchJoinsEarlierArticle() throws {
        let desk = try StoryDesk(state: StateStore(directory: scratch.file("state")),
                                 spool: SpoolWriter(directory: scratch.file("spool")),
                                 clock: { [clock] in clock.now }, logger: logger)
        let text = (1...4).map { "Paragraph \($0) of the storm report: the harbor closed on Tuesday after waves "
            + "broke over the sea wall, and officials said ferries would stay in port until the wind dropped." }
        let results = try acceptTogether([article("1", text), article("2", text + ["A later update."])], desk: desk)
        let first = try results[0].get()
        let second = try results[1].get()
        guard case .newStory(let storyID, _) = first else {
            Issue.record("expected a new story, got \(first)")
            return
        }
        guard case .joined(let joinedID, let revision, _, _) = second else {
            Issue.record("expected the copy to join, got \(second)")
            return
        }
        #expect(joinedID == storyID)
        #expect(revision == 2)
        #expect(try spooledRecords(in: scratch.file("spool")).map(\.record.revision).sorted() == [1, 2])
        #expect(desk.tally.recordsWritten == 2)
    }

    @Test("a batch whose commit fails fails every article in it, leaves them unseen, and forgets their sketches")
    func failedBatchLeavesItemsUnseen() throws {
        let state = try StateStore(directory: scratch.file("state"))
        let desk = try StoryDesk(state: state, spool: SpoolWriter(directory: scratch.file("spool")),
                                 clock: { [clock] in clock.now }, logger: logger)
        let injector = try SQLiteDatabase(path: state.databasePath)
        try injector.execute("""
            CREATE TRIGGER injected_failure BEFORE INSERT ON seen_items WHEN NEW.item_key = 'bad'
            BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """)
        let good = ["The ferry company cancelled every crossing as the storm reached the coast on Tuesday night.",
                    "Harbor officials said the sea wall held but the road to the port stayed closed until morning."]
        let bad = ["The library festival moved indoors, and the organisers said the reading list would not change."]
        let results = try acceptTogether([article("good", good), article("bad", bad)], desk: desk)
        #expect(throws: DeskError.self) { try results[0].get() }
        #expect(throws: DeskError.self) { try results[1].get() }
        #expect(try state.unseenItemKeys(source: "wire", among: ["good", "bad"]) == ["good", "bad"])

        try injector.execute("DROP TRIGGER injected_failure")
        // Had the index kept the failed batch's sketch, the retry would join a story the database never stored.
        let retried = try desk.accept(article("good", good))
        guard case .newStory = retried else {
            Issue.record("expected the retried article to start a story, got \(retried)")
            return
        }
        desk.publishPending()
        #expect(try spooledRecords(in: scratch.file("spool")).count == 1)
        #expect(try state.pendingSpoolFiles().isEmpty)
    }

    @Test("published names stay pending only until the next commit or publishPending(), never lost")
    func pendingClearedAfterPublish() throws {
        let state = try StateStore(directory: scratch.file("state"))
        let desk = try StoryDesk(state: state, spool: SpoolWriter(directory: scratch.file("spool")),
                                 clock: { [clock] in clock.now }, logger: logger)
        _ = try desk.accept(article("1", ["The council approved the harbor budget after a long night of debate."]))
        desk.publishPending()
        #expect(try state.pendingSpoolFiles().isEmpty)
        #expect(try spooledRecords(in: scratch.file("spool")).count == 1)
    }
}

/// One outcome slot per article, filled from the accepting threads.
private final class OutcomeSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<DeskOutcome, DeskError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ slot: Int, _ outcome: Result<DeskOutcome, DeskError>) {
        lock.withLock { slots[slot] = outcome }
    }

    var all: [Result<DeskOutcome, DeskError>] {
        lock.withLock { slots.map { $0! } }
    }
}
