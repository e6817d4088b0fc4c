public import Foundation
public import NewsdFetch
public import NewsdState

/// The rules for one feed's fetch state: when a feed is skipped (gone, or waiting out a backoff) and how an
/// attempt's outcome changes its state.
///
/// Pure: time, the backoff policy and the randomness for its jitter come in as arguments, so the rules are tested
/// without a network or a clock. ``SourcePass`` applies them around each feed fetch and saves the result.
public enum FeedAttempts {
    /// What one attempt at a feed came to.
    public enum Outcome: Sendable, Equatable {
        /// The feed was fetched (2xx or 304) and parsed; `movedTo` is set when every redirect was permanent.
        case fetched(movedTo: String?)
        /// The server answered 410 Gone.
        case gone
        /// The fetch or the parse failed; `retryAfter` is the server's `Retry-After` on a 429 or 503.
        case failed(String, retryAfter: Duration?)
    }

    /// Why a feed is not fetched in this pass.
    public enum Skip: Sendable, Equatable {
        /// The feed answered 410 and its source's configuration has not changed since.
        case gone(since: Date)
        /// The feed is failing and its next attempt is not due yet.
        case backingOff(until: Date, failures: Int, lastError: String?)
    }

    /// Whether to skip the feed now. A gone mark made under another configuration is void: editing the source
    /// file is how an operator says "try it again".
    public static func skip(_ state: FeedState?, configuration: String, now: Date) -> Skip? {
        guard let state else { return nil }
        if let goneAt = state.goneAt, state.goneConfiguration == configuration {
            return .gone(since: goneAt)
        }
        if let next = state.nextAttemptAt, next > now, state.consecutiveFailures > 0 {
            return .backingOff(until: next, failures: state.consecutiveFailures, lastError: state.lastError)
        }
        return nil
    }

    /// The feed's state after an attempt.
    ///
    /// A success clears failures and any gone mark and remembers a permanent move. A failure counts, and sets the
    /// next attempt after the backoff for that many failures in a row, or the server's `Retry-After` if longer.
    /// A 410 marks the feed gone under the current configuration.
    public static func record(_ outcome: Outcome, into state: FeedState, configuration: String, now: Date,
                              backoff: Backoff, random: (ClosedRange<Double>) -> Double) -> FeedState
    {
        var state = state
        state.goneAt = nil
        state.goneConfiguration = nil
        switch outcome {
        case .fetched(let movedTo):
            state.consecutiveFailures = 0
            state.nextAttemptAt = nil
            state.lastSuccessAt = now
            if let movedTo { state.currentURL = movedTo == state.url ? nil : movedTo }
        case .gone:
            state.goneAt = now
            state.goneConfiguration = configuration
            state.consecutiveFailures += 1
            state.nextAttemptAt = nil
            state.lastError = "HTTP 410 Gone: the feed was removed"
            state.lastErrorAt = now
        case .failed(let message, let retryAfter):
            state.consecutiveFailures += 1
            let wait = max(backoff.delay(afterFailures: state.consecutiveFailures, random: random),
                           retryAfter ?? .zero)
            state.nextAttemptAt = now.addingTimeInterval(wait / .seconds(1))
            state.lastError = message
            state.lastErrorAt = now
        }
        return state
    }

    /// The outcome a failed fetch stands for: 410 is gone; 429 and 503 carry their `Retry-After`.
    public static func outcome(of error: FetchError, now: Date) -> Outcome {
        if case .httpStatus(let status, let retryAfter) = error.kind {
            if status == 410 { return .gone }
            if status == 429 || status == 503, let retryAfter {
                return .failed("\(error)", retryAfter: RetryAfter.delay(retryAfter, now: now))
            }
        }
        return .failed("\(error)", retryAfter: nil)
    }
}
