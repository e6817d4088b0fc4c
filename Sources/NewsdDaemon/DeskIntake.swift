import Foundation
import NewsdDedupe
import NewsdSpool
import NewsdState

/// One article handed to the desk, and what became of it.
///
/// The caller builds it (the article's dedupe sketch is computed here, off the desk's queue), the
/// desk sets ``result`` on its queue, and the caller reads it after its `queue.sync` returns, which orders the
/// write before the read.
final class DeskTicket: @unchecked Sendable {
    let incoming: IncomingArticle
    let sketch: DocumentSketch
    var result: Result<DeskOutcome, any Error>?

    init(_ incoming: IncomingArticle) {
        self.incoming = incoming
        sketch = DocumentSketch(paragraphs: incoming.article.paragraphs)
    }
}

/// Articles waiting for the desk's queue. Every caller adds its ticket and then runs one turn on the queue; a turn
/// takes every ticket waiting, so callers that queued up behind a slow commit are decided and committed together
/// (group commit), and the later turns find their tickets already done.
final class DeskIntake: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting: [DeskTicket] = []

    func add(_ ticket: DeskTicket) {
        condition.withLock {
            waiting.append(ticket)
            condition.broadcast()
        }
    }

    /// How many tickets wait for a turn.
    var count: Int {
        condition.withLock { waiting.count }
    }

    /// Blocks until at least `count` tickets wait or `deadline` passes; returns whether they do. Lets a caller that
    /// holds the desk's queue fix the order in which other threads' articles arrive, without spinning.
    func wait(forCount count: Int, until deadline: Date) -> Bool {
        condition.withLock {
            while waiting.count < count {
                if !condition.wait(until: deadline) { return waiting.count >= count }
            }
            return true
        }
    }

    /// The tickets waiting, in the order they arrived; the intake is empty afterwards.
    func takeAll() -> [DeskTicket] {
        condition.withLock {
            defer { waiting = [] }
            return waiting
        }
    }
}

/// The work a desk turn has prepared: files staged, state changes to commit in one transaction, and what each
/// ticket's outcome will be once that transaction commits.
struct DeskBatch {
    /// Records decided in this batch, by story: a later copy in the same batch joins these, not the database's.
    var latest: [String: (record: StoryRecord, fileName: String)] = [:]
    var commits: [IngestCommit] = []
    var seen: [SeenItem] = []
    var stagedNames: [String] = []
    var decided: [(ticket: DeskTicket, outcome: DeskOutcome, tally: DeskTally)] = []

    var isEmpty: Bool { decided.isEmpty }
}
