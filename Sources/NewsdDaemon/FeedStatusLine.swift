import Foundation
public import NewsdState

/// One feed's line in `newsd status`: ok, failing with its next attempt, or gone; and where it moved to.
public enum FeedStatusLine {
    /// The line for `feed`, whose source file now has the fingerprint `configuration` (``SourceFingerprint``).
    public static func text(feed: String, state: FeedState, configuration: String) -> String {
        func date(_ value: Date?) -> String { value.map { $0.formatted(.iso8601) } ?? "never" }
        var line = "feed \(feed): "
        if let gone = state.goneAt, state.goneConfiguration == configuration {
            line += "GONE (HTTP 410 since \(date(gone))); not polled until its source file changes"
        } else if state.consecutiveFailures > 0 {
            line += "FAILING (\(state.consecutiveFailures) in a row); next attempt after \(date(state.nextAttemptAt))"
                + "; last error: \(state.lastError ?? "unknown")"
        } else {
            line += "ok; last fetched \(date(state.lastSuccessAt))"
        }
        if let moved = state.currentURL {
            line += "; moved to \(moved) (the source file still names the old URL)"
        }
        return line
    }
}
