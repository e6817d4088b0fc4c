import Foundation
import NewsdDaemon
import NewsdFetch
import NewsdState
import Testing

@Suite("Feed attempts")
struct FeedAttemptsTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let backoff = Backoff(initial: .seconds(60), maximum: .seconds(3600))
    let fresh = FeedState(source: "s", url: "https://s.example/rss")

    func record(_ outcome: FeedAttempts.Outcome, _ state: FeedState, configuration: String = "c") -> FeedState {
        FeedAttempts.record(outcome, into: state, configuration: configuration, now: now, backoff: backoff,
                            random: { $0.upperBound })
    }

    @Test("each failure in a row pushes the next attempt further out, up to the cap")
    func failuresBackOff() {
        let once = record(.failed("down", retryAfter: nil), fresh)
        let twice = record(.failed("down", retryAfter: nil), once)
        #expect(once.nextAttemptAt == now + 60)
        #expect(twice.nextAttemptAt == now + 120)
        var many = twice
        for _ in 0..<20 { many = record(.failed("down", retryAfter: nil), many) }
        #expect(many.nextAttemptAt == now + 3600)
        #expect(many.consecutiveFailures == 22 && many.lastError == "down")
    }

    @Test("a Retry-After longer than the backoff is honoured")
    func retryAfterWins() {
        let state = record(.failed("429", retryAfter: .seconds(900)), fresh)
        #expect(state.nextAttemptAt == now + 900)
    }

    @Test("a failing feed is skipped until its next attempt, then tried again")
    func skipWhileBackingOff() {
        let state = record(.failed("down", retryAfter: nil), fresh)
        #expect(FeedAttempts.skip(state, configuration: "c", now: now + 30)
            == .backingOff(until: now + 60, failures: 1, lastError: "down"))
        #expect(FeedAttempts.skip(state, configuration: "c", now: now + 60) == nil)
    }

    @Test("a success clears the failures and remembers a permanent move")
    func successResets() {
        let failing = record(.failed("down", retryAfter: nil), fresh)
        let moved = record(.fetched(movedTo: "https://new.example/rss"), failing)
        #expect(moved.consecutiveFailures == 0 && moved.nextAttemptAt == nil && moved.lastSuccessAt == now)
        #expect(moved.currentURL == "https://new.example/rss")
        #expect(record(.fetched(movedTo: nil), moved).currentURL == "https://new.example/rss")
    }

    @Test("a gone feed is skipped until its source file changes")
    func goneUntilConfigurationChanges() {
        let gone = record(.gone, fresh, configuration: "before")
        #expect(FeedAttempts.skip(gone, configuration: "before", now: now + 86_400 * 30) == .gone(since: now))
        #expect(FeedAttempts.skip(gone, configuration: "after", now: now) == nil)
    }

    @Test("410 is gone; 429 and 503 carry their Retry-After; other statuses are plain failures")
    func outcomes() {
        func error(_ status: Int, _ retryAfter: String? = nil) -> FetchError {
            FetchError(url: "u", kind: .httpStatus(status, retryAfter: retryAfter), detail: "")
        }
        #expect(FeedAttempts.outcome(of: error(410), now: now) == .gone)
        #expect(FeedAttempts.outcome(of: error(429, "120"), now: now)
            == .failed("\(error(429, "120"))", retryAfter: .seconds(120)))
        #expect(FeedAttempts.outcome(of: error(500, "120"), now: now) == .failed("\(error(500, "120"))", retryAfter: nil))
    }
}

@Suite("Feed status line")
struct FeedStatusLineTests {
    let when = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    @Test("a failing feed shows its failures, next attempt and last error")
    func failing() {
        let state = FeedState(source: "s", url: "u", nextAttemptAt: when, consecutiveFailures: 3, lastError: "HTTP 503")
        #expect(FeedStatusLine.text(feed: "u", state: state, configuration: "c")
            == "feed u: FAILING (3 in a row); next attempt after 2027-01-15T08:00:00Z; last error: HTTP 503")
    }

    @Test("a gone feed says so until its source file changes; a moved one names its new URL")
    func goneAndMoved() {
        let state = FeedState(source: "s", url: "u", currentURL: "v", goneAt: when, goneConfiguration: "c",
                              consecutiveFailures: 1)
        #expect(FeedStatusLine.text(feed: "u", state: state, configuration: "c")
            == "feed u: GONE (HTTP 410 since 2027-01-15T08:00:00Z); not polled until its source file changes; "
            + "moved to v (the source file still names the old URL)")
        #expect(FeedStatusLine.text(feed: "u", state: state, configuration: "edited").hasPrefix("feed u: FAILING"))
    }
}
